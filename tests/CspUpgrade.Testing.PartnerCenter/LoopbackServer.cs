using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CspUpgrade.Testing.PartnerCenter
{
    /// <summary>
    /// Kestrel on 127.0.0.1 at a free port, every request answered by one handler, no logging: how the fake services
    /// (Partner Center, Entra ID) start and stop. With a certificate it serves https.
    /// </summary>
    public sealed class LoopbackServer : IDisposable
    {
        private readonly WebApplication _app;

        public LoopbackServer(RequestDelegate handler, X509Certificate2? certificate = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (certificate != null)
                {
                    listen.UseHttps(certificate);
                }
            }));
            _app = builder.Build();
            _app.Run(handler);
            _app.StartAsync().GetAwaiter().GetResult();
            string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Root = new Uri(address.TrimEnd('/') + "/");
        }

        /// <summary>http(s)://127.0.0.1:port/</summary>
        public Uri Root { get; }

        /// <summary>Stops within 2 s (requests still running are cut off) and frees the port.</summary>
        public void Dispose()
        {
            using (var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(2)))
            {
                _app.StopAsync(timeout.Token).GetAwaiter().GetResult();
            }
            ((IDisposable)_app).Dispose();
        }
    }
}
