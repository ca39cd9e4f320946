using System;
using System.Collections.Generic;
using System.IO;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>
    /// What every test class against the fake shares: a fake with the standard data, a folder, the mapped catalogue, a backend
    /// connected to the fake, and the status updates (waits, warnings) reported while <see cref="Listen"/> is on.
    /// </summary>
    public abstract class FakeServiceTests : IDisposable
    {
        protected readonly FakePartnerCenter _fake = new FakePartnerCenter().WithStandardData();
        protected readonly TempDir _dir = new TempDir();
        private protected readonly List<BackendStatusUpdate> _status = new();
        private CspSession? _session;

        public void Dispose()
        {
            _fake.Dispose();
            _dir.Dispose();
        }

        private protected OfferCatalog Catalog()
        {
            string file = _dir.File("catalog.yaml");
            if (!File.Exists(file))
            {
                File.WriteAllText(file, Data.MappedCatalog());
            }
            return OfferCatalog.Load(file);
        }

        /// <summary>The session backends are connected for, over the mapped catalogue: its engine is the one they decide with.</summary>
        private protected CspSession Session => _session ??= new CspSession { Catalog = Catalog() };

        private protected PartnerCenterBackend Backend(PartnerCenterClientOptions? options = null, Uri? endpoint = null) =>
            PartnerCenterBackend.Connect(endpoint ?? _fake.Endpoint, Data.Secure(FakePartnerCenter.Token), _dir.File("journal.jsonl"), Session, default, options);

        /// <summary>Attaches a caller that records what the connection reports (from any thread) as the running command would.</summary>
        private protected IDisposable Listen(BackendChannel channel) => channel.Attach(new RecordingCaller(_status));
    }

    /// <summary>A command stand-in for the connection's channel: records every update, runs asked-for work at once.</summary>
    internal sealed class RecordingCaller : IBackendCaller
    {
        private readonly List<BackendStatusUpdate> _updates;

        public RecordingCaller(List<BackendStatusUpdate> updates) => _updates = updates;

        public void Report(BackendStatusUpdate value)
        {
            lock (_updates)
            {
                _updates.Add(value);
            }
        }

        public T Invoke<T>(Func<T> work, System.Threading.CancellationToken cancellation) => work();

        public void RunQueuedWork()
        {
        }
    }
}
