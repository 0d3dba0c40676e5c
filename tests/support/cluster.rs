//! A throwaway PostgreSQL cluster in a temporary folder, run by the `postgres` user (PostgreSQL refuses root) on a
//! free loopback port, stopped and removed when dropped; and a streaming replica of one (`pg_basebackup -R`).

use std::path::PathBuf;
use std::process::{Command, Stdio};

pub struct Cluster {
    dir: tempfile::TempDir,
    /// The data folder, inside `dir`.
    data: String,
    bin: PathBuf,
    pub port: u16,
}

impl Cluster {
    /// A new cluster (`initdb`, trust authentication), started.
    pub fn new() -> Self {
        let cluster = Cluster::empty();
        cluster.run("initdb", &["-D", &cluster.data, "-U", "postgres", "--auth=trust"]);
        cluster.start();
        cluster
    }

    /// A streaming replica of `primary`, started: a base backup that writes its own standby settings (`-R`).
    pub fn replica_of(primary: &Cluster) -> Self {
        let replica = Cluster::empty();
        let port = primary.port.to_string();
        let args = [
            "-h",
            "127.0.0.1",
            "-p",
            &port,
            "-U",
            "postgres",
            "-D",
            &replica.data,
            "-R",
            "-X",
            "stream",
            "--checkpoint=fast",
        ];
        replica.run("pg_basebackup", &args);
        replica.start();
        replica
    }

    fn empty() -> Self {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL binaries in /usr/lib/postgresql")
            .map(|e| e.unwrap().path().join("bin"))
            .max()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        Command::new("chown").arg("postgres").arg(dir.path()).status().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let data = dir.path().join("data").to_str().unwrap().to_owned();
        Cluster { dir, data, bin, port }
    }

    /// Runs one of PostgreSQL's programs as the `postgres` user; it must succeed.
    fn run(&self, program: &str, args: &[&str]) {
        let status = self.command(program, args).stdout(Stdio::null()).status().expect(program);
        assert!(status.success(), "{program} {args:?}");
    }

    fn command(&self, program: &str, args: &[&str]) -> Command {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(self.bin.join(program)).args(args);
        command
    }

    fn pg_ctl(&self, args: &[&str]) {
        let mut all = vec!["-D", self.data.as_str()];
        all.extend(args);
        self.run("pg_ctl", &all);
    }

    pub fn start(&self) {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1", self.port, self.dir.path().display());
        let log = self.dir.path().join("log");
        self.pg_ctl(&["-l", log.to_str().unwrap(), "-w", "-o", &options, "start"]);
    }

    pub fn stop(&self) {
        self.pg_ctl(&["-m", "fast", "-w", "stop"]);
    }

    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl", &["-D", &self.data, "-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}
