using System;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>The endpoint rules: https only (loopback aside), the /v1/ base, and which URLs a request may go to.</summary>
    internal sealed partial class PartnerCenterClient
    {
        /// <summary>Only https endpoints, except loopback (127.0.0.1, ::1, localhost) for tests and local proxies.</summary>
        public static bool IsAllowedEndpoint(Uri? endpoint, out string? problem)
        {
            problem = null;
            if (endpoint is null || !endpoint.IsAbsoluteUri)
            {
                problem = "The Partner Center endpoint must be an absolute URL such as " + DefaultEndpoint + ".";
            }
            else if (!string.IsNullOrEmpty(endpoint.UserInfo))
            {
                problem = "The Partner Center endpoint must not carry user information.";
            }
            else if (endpoint.Scheme == Uri.UriSchemeHttps)
            {
                return true;
            }
            else if (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback)
            {
                return true;
            }
            else
            {
                problem = $"The Partner Center endpoint '{endpoint}' is not https: the access token is only ever sent over https (plain http is allowed for loopback addresses only).";
            }
            return false;
        }

        /// <summary>
        /// The versioned API base of <paramref name="endpoint"/>: the API root (e.g. https://api.partnercenter.microsoft.com, the SDK's
        /// ApiRootUrl) gets <see cref="VersionSegment"/> added; a URL that already ends in /v1/ is kept.
        /// </summary>
        public static Uri NormalizeEndpoint(Uri? endpoint)
        {
            if (!IsAllowedEndpoint(endpoint, out string? problem))
            {
                throw new ArgumentException(problem, nameof(endpoint));
            }
            var builder = new UriBuilder(endpoint!) { Query = string.Empty, Fragment = string.Empty };
            if (!builder.Path.EndsWith("/", StringComparison.Ordinal))
            {
                builder.Path += "/";
            }
            if (!builder.Path.EndsWith("/" + VersionSegment, StringComparison.OrdinalIgnoreCase))
            {
                builder.Path += VersionSegment;
            }
            return builder.Uri;
        }

        /// <summary>
        /// A path relative to the versioned endpoint ("customers/c1"), a path relative to the API root as Partner Center's links and
        /// Locations are ("/customers/c1", the version added), or an absolute URL on the endpoint's own host.
        /// </summary>
        public Uri Resolve(string pathOrUrl)
        {
            if (Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
            {
                if (!IsSameOrigin(absolute))
                {
                    throw new PartnerCenterException(
                        $"Partner Center pointed to '{absolute.GetLeftPart(UriPartial.Authority)}', which is not the connected endpoint; the access token is not sent there.",
                        "GET", absolute.AbsolutePath);
                }
                return absolute;
            }
            if (pathOrUrl.StartsWith("/", StringComparison.Ordinal))
            {
                // Partner Center's links and Locations are paths under the API root without the version ("/customers?...").
                string basePath = Endpoint.AbsolutePath.TrimEnd('/');
                string rooted = pathOrUrl.StartsWith(basePath + "/", StringComparison.OrdinalIgnoreCase) ? pathOrUrl : basePath + pathOrUrl;
                return new Uri(Endpoint, rooted);
            }
            return new Uri(Endpoint, pathOrUrl);
        }

        private bool IsSameOrigin(Uri uri) =>
            string.Equals(uri.Scheme, Endpoint.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Host, Endpoint.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == Endpoint.Port;

        /// <summary>The request path relative to the endpoint, for messages.</summary>
        private string Describe(Uri uri)
        {
            string relative = uri.PathAndQuery;
            string basePath = Endpoint.AbsolutePath;
            return relative.StartsWith(basePath, StringComparison.OrdinalIgnoreCase) ? relative.Substring(basePath.Length) : relative;
        }
    }
}
