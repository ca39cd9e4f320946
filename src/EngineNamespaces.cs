// The engine's internal namespaces follow its folders; every project that uses the engine compiles this one file (linked), so sees them all.
global using CspUpgrade.Engine.Backends;
global using CspUpgrade.Engine.Catalog;
global using CspUpgrade.Engine.Documents;
global using CspUpgrade.Engine.Eligibility;
global using CspUpgrade.Engine.Inventory;
global using CspUpgrade.Engine.Model;
global using CspUpgrade.Engine.PartnerCenter;
global using CspUpgrade.Engine.PartnerCenter.Auth;
global using CspUpgrade.Engine.PartnerCenter.Resources;
global using CspUpgrade.Engine.Reports;
global using CspUpgrade.Engine.Storage;
global using CspUpgrade.Engine.Upgrades;
global using CspUpgrade.PartnerCenter;
