using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace CspUpgrade.Module.Tests
{
    public class EligibilityCmdletTests
    {
        private static Shell Connected(TempDir dir)
        {
            var shell = new Shell();
            shell.Ok("Connect-CspInventory -Path $p | Out-Null", new Dictionary<string, object?> { ["p"] = dir.Write("inv.yaml", Inventories.Basic) });
            return shell;
        }

        [Fact]
        public void Csv_like_rows_bind_by_property_name_and_bad_rows_are_errors_while_the_rest_continue()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            // What Import-Csv produces: PSCustomObjects whose properties are all strings.
            var result = shell.Run(@"
                @(
                    [pscustomobject]@{ CustomerId = 'c3'; SubscriptionId = 's4'; TargetOffer = 'O365_E3'; UpgradeType = 'UpgradeOnly' }
                    [pscustomobject]@{ CustomerId = 'missing'; SubscriptionId = 's1'; TargetOffer = 'O365_E3' }
                    [pscustomobject]@{ CustomerId = 'c1'; SubscriptionId = 's1'; TargetOffer = 'No Such Offer' }
                    [pscustomobject]@{ CustomerId = 'c2'; SubscriptionId = 's3'; TargetOffer = 'Microsoft 365 Business Standard (India)'; Quantity = '12' }
                ) | Test-CspUpgradeEligibility");

            var results = result.Of("EligibilityResult");
            Assert.Equal(new[] { "s4", "s3" }, results.Strings(r => r.SubscriptionId));
            Assert.True(results[0].IsEligible, results[0].ReasonCodes);
            Assert.Equal("UpgradeOnly", results[0].UpgradeType.ToString());
            Assert.Equal("O365_BUSINESS_PREMIUM_IN", results[1].TargetOfferId);
            Assert.Equal(12, results[1].Quantity);
            Assert.True(results[1].IsEligible, results[1].ReasonCodes);

            Assert.Equal(2, result.Errors.Count);
            Assert.StartsWith("CustomerNotFound", result.Errors[0].FullyQualifiedErrorId);
            Assert.Equal("missing", result.Errors[0].TargetObject);
            Assert.StartsWith("OfferNotFound", result.Errors[1].FullyQualifiedErrorId);
            Assert.Equal("No Such Offer", result.Errors[1].TargetObject);
        }

        [Fact]
        public void Former_names_still_work_in_TargetOffer_and_CSV_rows()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            var result = shell.Run(@"
                @(
                    [pscustomobject]@{ CustomerId = 'c3'; SubscriptionId = 's4'; TargetOffer = 'Office 365 Business Premium' }
                    [pscustomobject]@{ CustomerId = 'c2'; SubscriptionId = 's3'; TargetOffer = 'office 365 business premium india' }
                ) | Test-CspUpgradeEligibility
                Test-CspUpgradeEligibility -CustomerId c1 -SubscriptionId s1 -TargetOffer 'Office 365 ProPlus'");
            Assert.Empty(result.Errors);
            Assert.Equal(new[] { "s4:O365_BUSINESS_PREMIUM", "s3:O365_BUSINESS_PREMIUM_IN", "s1:O365_PROPLUS" },
                result.Of("EligibilityResult").Strings(r => r.SubscriptionId + ":" + r.TargetOfferId));
            // The results carry the current names.
            Assert.Equal("Microsoft 365 Business Standard", (string)result.Of("EligibilityResult")[0].TargetOffer);
        }

        [Fact]
        public void A_name_shared_with_a_new_commerce_offer_resolves_to_the_source_subscriptions_commerce()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            // "Microsoft 365 Business Standard" is legacy Business Premium's current name and the new-commerce product's:
            // for a legacy subscription it means the legacy offer.
            var result = shell.Of("EligibilityResult", "Test-CspUpgradeEligibility -CustomerId c3 -SubscriptionId s4 -TargetOffer 'Microsoft 365 Business Standard'").Single();
            Assert.Equal("O365_BUSINESS_PREMIUM", (string)result.TargetOfferId);
            Assert.True((bool)result.IsEligible, (string)result.ReasonCodes);
        }

        [Fact]
        public void Typed_subscriptions_pipe_in_and_every_reason_is_reported()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            var results = shell.Of("EligibilityResult", "Get-CspSubscription -CustomerId c1 | Test-CspUpgradeEligibility -TargetOffer O365_E3");

            Assert.Equal(new[] { "s1", "s2", "s9" }, results.Strings(r => r.SubscriptionId));
            var s1 = results[0];
            Assert.False(s1.IsEligible);
            var conflict = ShellExtensions.Reasons((object)s1).Single();
            Assert.Equal("ConflictingServiceTypes", conflict.Code.ToString());
            Assert.Equal("s2", conflict.RelatedSubscriptionId);
            Assert.Contains("cancel", conflict.Remediation);
            Assert.Contains("another partner", conflict.Remediation);
            Assert.Equal("ConflictingServiceTypes", s1.ReasonCodes);

            // The Exchange plan has no paths, and E3 would also add what s1 already provides.
            Assert.Equal(new[] { "ConflictingServiceTypes", "SubscriptionDoesNotHaveAnyUpgradePaths" }, ShellExtensions.Codes((object)results[1]));
            Assert.Equal(new[] { "SubscriptionStatusNotActive", "ConflictingServiceTypes" }, ShellExtensions.Codes((object)results[2]));
        }

        [Fact]
        public void A_customer_alone_checks_every_live_subscription_against_every_path()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            var results = shell.Of("EligibilityResult", "[pscustomobject]@{ CustomerId = 'c1' } | Test-CspUpgradeEligibility");

            // s1 (Business): 4 paths; s2 (Exchange plan): no paths, one ineligible result; s9 is deleted: skipped.
            Assert.Equal(
                new[] { "s1:O365_BUSINESS_PREMIUM", "s1:O365_PROPLUS", "s1:O365_E3", "s1:O365_E5", "s2:" },
                results.Strings(r => r.SubscriptionId + ":" + r.TargetOfferId));
            Assert.Empty(ShellExtensions.Codes((object)results[1])); // monthly to ProPlus: the shipped catalogue restricts no cycle
            Assert.Equal("SubscriptionDoesNotHaveAnyUpgradePaths", ShellExtensions.Codes((object)results[4]).Single());
        }

        [Fact]
        public void An_empty_Quantity_cell_means_the_source_quantity()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            var result = shell.Of("EligibilityResult", "[pscustomobject]@{ CustomerId = 'c3'; SubscriptionId = 's4'; TargetOffer = 'O365_E3'; Quantity = '' } | Test-CspUpgradeEligibility").Single();
            Assert.Equal(40, result.Quantity);
            Assert.True(result.IsEligible);
        }

        [Fact]
        public void Offers_piped_into_Get_CspUpgradeOption_need_no_connection()
        {
            using var shell = new Shell();
            var options = shell.Of("UpgradeOption", "Get-CspOffer O365_BUSINESS_PREMIUM | Get-CspUpgradeOption");
            Assert.Equal(new[] { "O365_E3", "O365_E5" }, options.Strings(o => o.TargetOfferId));
        }

        [Fact]
        public void Quiet_returns_one_boolean_per_result()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            var output = shell.Ok("Test-CspUpgradeEligibility -CustomerId c3 -Quiet").Select(o => o.BaseObject).ToArray();
            Assert.Equal(4, output.Length);
            Assert.All(output, o => Assert.IsType<bool>(o));
            Assert.Equal(new object[] { true, true, true, true }, output);

            var india = shell.Ok("Test-CspUpgradeEligibility c2 s3 O365_BUSINESS_PREMIUM -Quiet").Select(o => o.BaseObject).ToArray();
            Assert.Equal(new object[] { false }, india);
        }

        [Fact]
        public void Market_restriction_names_the_offer_to_use()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            var result = shell.Of("EligibilityResult", "Test-CspUpgradeEligibility -CustomerId c2 -SubscriptionId s3 -TargetOffer O365_BUSINESS_PREMIUM").Single();
            var reason = ShellExtensions.Reasons((object)result).Single();
            Assert.Equal("MarketRestriction", reason.Code.ToString());
            Assert.Contains("O365_BUSINESS_PREMIUM_IN", reason.Remediation);
        }

        [Fact]
        public void Unknown_subscription_is_SubscriptionNotFound_with_the_id_as_target()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            var result = shell.Run("Test-CspUpgradeEligibility -CustomerId c1 -SubscriptionId nope");
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("SubscriptionNotFound", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal("nope", error.TargetObject);
        }

        [Fact]
        public void Upgrade_options_of_a_subscription_carry_eligibility_and_of_an_offer_do_not()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            var forSubscription = shell.Of("UpgradeOption", "Get-CspSubscription -CustomerId c3 | Get-CspUpgradeOption");
            Assert.Equal(new[] { "O365_BUSINESS_PREMIUM", "O365_E1", "O365_E3", "O365_E5" }, forSubscription.Strings(o => o.TargetOfferId));
            Assert.All(forSubscription, o => Assert.True(o.IsEligible));
            Assert.All(forSubscription, o => Assert.Equal("s4", o.SubscriptionId));
            Assert.Equal(new[] { "OfficeApps" }, forSubscription[0].AdditionalServices);

            var forOffer = shell.Of("UpgradeOption", "Get-CspOffer 'Microsoft 365 Business Standard' -Commerce Legacy | Get-CspUpgradeOption");
            Assert.Equal(new[] { "O365_E3", "O365_E5" }, forOffer.Strings(o => o.TargetOfferId));
            Assert.All(forOffer, o => Assert.Null(o.IsEligible));
            Assert.Equal(new[] { "Compliance" }, forOffer[0].AdditionalServices);
        }
    }
}
