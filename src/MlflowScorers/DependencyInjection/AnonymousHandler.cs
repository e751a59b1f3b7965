using System.Net.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Takes the authentication handler's place in the DI pipeline when no credentials are configured: it adds nothing.</summary>
internal sealed class AnonymousHandler : DelegatingHandler;
