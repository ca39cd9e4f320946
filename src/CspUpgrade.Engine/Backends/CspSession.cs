using System;
using System.Collections.Generic;

namespace CspUpgrade.Engine.Backends
{
    /// <summary>
    /// What one PowerShell runspace has chosen: its backend and its catalogue. The engine of a catalogue is built once
    /// and reused; customer contexts are cached per backend snapshot so bulk checks index each customer once. Backends and
    /// eligibility runs reach the catalogue only through it (<see cref="ICatalogSource"/>).
    /// </summary>
    internal sealed class CspSession : ICatalogSource
    {
        private OfferCatalog? _catalog;
        private EligibilityEngine? _engine;

        public ICspBackend? Backend { get; set; }

        /// <summary>The session's catalogue; the shipped default until Import-CspOfferCatalog replaces it.</summary>
        public OfferCatalog Catalog
        {
            get => _catalog ?? OfferCatalog.Default;
            set
            {
                _catalog = value;
                _engine = null;
            }
        }

        /// <summary>The rules over <see cref="Catalog"/>, rebuilt only when the catalogue has been replaced.</summary>
        public EligibilityEngine Engine
        {
            get
            {
                var catalog = Catalog;
                var engine = _engine;
                if (engine is null || engine.Catalog != catalog)
                {
                    _engine = engine = new EligibilityEngine(catalog);
                }
                return engine;
            }
        }
    }

    /// <summary>Caches one context per customer record for the length of one command.</summary>
    internal sealed class CustomerContextCache
    {
        private readonly Dictionary<CustomerRecord, CustomerContext> _contexts = new Dictionary<CustomerRecord, CustomerContext>();
        private CustomerRecord? _last;
        private CustomerContext? _lastContext;

        public CustomerContext Get(EligibilityEngine engine, CustomerRecord customer, PartnerInfo partner)
        {
            if (ReferenceEquals(customer, _last) && _lastContext!.Catalog == engine.Catalog)
            {
                return _lastContext;
            }
            if (!_contexts.TryGetValue(customer, out var context) || context.Catalog != engine.Catalog || context.Partner != partner)
            {
                if (_contexts.Count > 10000)
                {
                    _contexts.Clear();
                }
                context = engine.CreateContext(customer, partner);
                _contexts[customer] = context;
            }
            _last = customer;
            _lastContext = context;
            return context;
        }
    }
}
