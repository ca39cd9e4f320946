using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace CspUpgrade.Engine.Eligibility
{
    /// <summary>
    /// Runs work items on at most N dedicated background threads and hands back the finished ones in the order they were
    /// added. Added to, drained and waited on from one thread (the caller's, e.g. the pipeline thread) only; the work itself
    /// only computes (the caller writes its results). Dedicated threads (not the thread pool) so blocking calls never starve
    /// the pool their own I/O needs.
    /// </summary>
    internal sealed class OrderedWorkQueue<T> : IDisposable
    {
        private readonly BlockingCollection<Slot> _work = new BlockingCollection<Slot>();
        private readonly Queue<Slot> _inOrder = new Queue<Slot>();
        private readonly List<Thread> _threads = new List<Thread>();
        private readonly AutoResetEvent _completed = new AutoResetEvent(false);
        private readonly CancellationTokenSource _stop;
        private readonly int _limit;
        private int _disposed;

        public OrderedWorkQueue(int limit, CancellationToken cancellation)
        {
            _limit = Math.Max(1, limit);
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        }

        /// <summary>Items added and not yet taken back.</summary>
        public int Pending => _inOrder.Count;

        public void Add(Func<CancellationToken, T> work)
        {
            var slot = new Slot(work);
            _inOrder.Enqueue(slot);
            _work.Add(slot);
            if (_threads.Count < _limit && _threads.Count < _inOrder.Count)
            {
                var thread = new Thread(Run) { IsBackground = true, Name = "CspUpgrade worker " + (_threads.Count + 1) };
                _threads.Add(thread);
                thread.Start();
            }
        }

        /// <summary>The oldest item, if it has finished.</summary>
        public bool TryTakeCompleted(out Slot? slot)
        {
            if (_inOrder.Count > 0 && _inOrder.Peek().IsDone)
            {
                slot = _inOrder.Dequeue();
                return true;
            }
            slot = null;
            return false;
        }

        /// <summary>Waits until some item finishes, the timeout passes or the work is stopped.</summary>
        public void WaitForCompletion(TimeSpan timeout) => WaitHandle.WaitAny(new[] { _completed, _stop.Token.WaitHandle }, timeout);

        /// <summary>No more items will be added: the threads end when the queue is empty.</summary>
        public void Complete()
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                _work.CompleteAdding();
            }
        }

        private void Run()
        {
            try
            {
                foreach (var slot in _work.GetConsumingEnumerable(_stop.Token))
                {
                    try
                    {
                        slot.Result = slot.Work(_stop.Token);
                    }
                    catch (Exception ex)
                    {
                        slot.Error = ex;
                    }
                    slot.MarkDone();
                    try
                    {
                        _completed.Set();
                    }
                    catch (ObjectDisposedException)
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped: remaining items are abandoned.
            }
            catch (ObjectDisposedException)
            {
            }
        }

        /// <summary>Stops the threads (running calls see the cancellation) without waiting for them.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            try
            {
                _stop.Cancel();
                _work.CompleteAdding();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        internal sealed class Slot
        {
            private volatile bool _done;

            public Slot(Func<CancellationToken, T> work) => Work = work;

            public Func<CancellationToken, T> Work { get; }
            public T? Result { get; set; }
            public Exception? Error { get; set; }
            public bool IsDone => _done;

            public void MarkDone() => _done = true;
        }
    }
}
