using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace CspUpgrade.Engine.Tests;

/// <summary>
/// A remote backend's reports reach the command attached to its connection's channel, from whatever thread the call runs
/// on; a command attached later (further down a pipeline) hears them while it runs, and the earlier one again once it is done.
/// </summary>
public class BackendChannelTests
{
    private sealed class Caller : IBackendCaller
    {
        public List<string> Heard { get; } = new();

        public int Invoked { get; private set; }

        public void Report(BackendStatusUpdate value)
        {
            lock (Heard)
            {
                Heard.Add(value.Message);
            }
        }

        public T Invoke<T>(Func<T> work, CancellationToken cancellation)
        {
            Invoked++;
            return work();
        }

        public void RunQueuedWork()
        {
        }
    }

    [Fact]
    public void Reports_from_worker_threads_reach_the_attached_command()
    {
        var channel = new BackendChannel();
        var command = new Caller();
        using (channel.Attach(command))
        {
            var threads = new[] { "one", "two" }.Select(m => new Thread(() => channel.Report(new BackendStatusUpdate(m)))).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        }
        channel.Report(new BackendStatusUpdate("after"));

        Assert.Equal(new[] { "one", "two" }, command.Heard.OrderBy(m => m));
        Assert.Null(channel.Caller);
    }

    [Fact]
    public void The_command_attached_last_hears_until_it_detaches_in_any_order()
    {
        var channel = new BackendChannel();
        var first = new Caller();
        var second = new Caller();
        var a = channel.Attach(first);
        var b = channel.Attach(second);
        channel.Report(new BackendStatusUpdate("to second"));
        b.Dispose();
        channel.Report(new BackendStatusUpdate("to first"));
        b.Dispose(); // twice is harmless
        a.Dispose();
        channel.Report(new BackendStatusUpdate("to nobody"));

        Assert.Equal(new[] { "to second" }, second.Heard);
        Assert.Equal(new[] { "to first" }, first.Heard);
    }

    [Fact]
    public void An_earlier_command_detaching_first_leaves_the_later_one_attached()
    {
        var channel = new BackendChannel();
        var first = new Caller();
        var second = new Caller();
        var a = channel.Attach(first);
        using var b = channel.Attach(second);
        a.Dispose();

        Assert.Same(second, channel.Caller);
    }
}
