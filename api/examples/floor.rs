//! The HTTP floor of the load-test harness (`bench/run.sh`): a poem server on the same runtime as wuye that answers
//! every request with the bytes of one file, wuye's own answer to the query being timed. What wuye loses against
//! it is wuye's own work; what it cannot beat is HTTP's.
//!
//! Usage: `floor <address> <file>`.

use poem::http::header;
use poem::listener::TcpListener;
use poem::web::Data;
use poem::{EndpointExt, Response, Route, Server, handler};

// The same allocator as the server's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[handler]
fn answer(Data(body): Data<&Body>) -> Response {
    Response::builder().header(header::CONTENT_TYPE, "application/json").body(body.0.clone())
}

/// The answer, shared without copying.
#[derive(Clone)]
struct Body(bytes::Bytes);

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(address), Some(file)) = (args.next(), args.next()) else {
        eprintln!("usage: floor <address> <file>");
        std::process::exit(2);
    };
    let body = Body(std::fs::read(&file)?.into());
    Server::new(TcpListener::bind(address)).run(Route::new().at("/graphql", answer).data(body)).await
}
