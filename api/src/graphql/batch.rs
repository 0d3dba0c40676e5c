//! Runs a request together with its DataLoader batches in one task, and starts a batch only when the request is
//! idle, i.e. every resolver is waiting. async-graphql's DataLoader otherwise fires a batch after a wall-clock
//! delay (1 ms), so a slow or busy machine splits one relation of a long list into several statements; here a
//! page of 100 rows costs exactly the statements of a page of 5, on any machine.

use futures_util::future::BoxFuture;
use futures_util::stream::{FuturesUnordered, StreamExt};
use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

type Task = BoxFuture<'static, ()>;

/// Where a request's loaders put their batches; [`drive`] runs them.
#[derive(Clone, Default)]
pub struct BatchQueue(Arc<Mutex<Vec<Task>>>);

impl BatchQueue {
    /// A DataLoader spawner that queues the batch instead of spawning it.
    pub fn spawner(&self) -> impl Fn(Task) + Send + Sync + 'static {
        let queue = self.0.clone();
        move |task| queue.lock().expect("batch queue").push(task)
    }

    fn take(&self) -> Vec<Task> {
        std::mem::take(&mut *self.0.lock().expect("batch queue"))
    }
}

/// Wakes the task and remembers that it did.
struct Flag {
    woken: AtomicBool,
    task: Waker,
}

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        self.task.wake_by_ref();
    }
}

/// Polls `request` to completion, running the batches its loaders queue whenever it is waiting on them.
pub async fn drive<F: Future>(request: F, queue: BatchQueue) -> F::Output {
    let mut request = pin!(request);
    let mut batches = FuturesUnordered::new();
    poll_fn(move |cx: &mut Context<'_>| {
        let flag = Arc::new(Flag { woken: AtomicBool::new(false), task: cx.waker().clone() });
        let waker = Waker::from(flag.clone());
        if let Poll::Ready(output) = request.as_mut().poll(&mut Context::from_waker(&waker)) {
            return Poll::Ready(output);
        }
        // Woken while being polled: the request only yielded to be fair and has more to do before it waits, so its
        // keys are not all in yet. The task is already scheduled to be polled again.
        if flag.woken.load(Ordering::SeqCst) {
            return Poll::Pending;
        }
        batches.extend(queue.take());
        while let Poll::Ready(Some(())) = batches.poll_next_unpin(cx) {}
        Poll::Pending
    })
    .await
}
