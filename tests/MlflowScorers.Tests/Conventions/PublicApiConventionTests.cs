using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Tests.Conventions;

public sealed class PublicApiConventionTests
{
    private static readonly Assembly s_sdk = typeof(MlflowClient).Assembly;

    private static IEnumerable<Type> PublicTypes => s_sdk.GetExportedTypes();

    private static IEnumerable<MethodInfo> PublicMethods => PublicTypes
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Where(m => !m.IsSpecialName);

    [Test]
    public void PublicTypes_LiveInTheRootNamespace_ExceptDependencyInjectionExtensions()
    {
        var outside = PublicTypes
            .Where(t => t.Namespace != "MlflowScorers" && t.Namespace != "Microsoft.Extensions.DependencyInjection")
            .Select(t => t.FullName)
            .ToList();

        outside.Should().BeEmpty();
    }

    [Test]
    public void AsyncMethods_EndInAsync_AndTakeCancellationTokenLast()
    {
        var offenders = new List<string>();
        foreach (var method in PublicMethods.Where(ReturnsAwaitable))
        {
            if (method.Name == "DisposeAsync" || method.Name == "DisposeAsyncCore")
            {
                continue;
            }

            var parameters = method.GetParameters();
            if (!method.Name.EndsWith("Async", StringComparison.Ordinal))
            {
                offenders.Add($"{method.DeclaringType!.Name}.{method.Name}: name does not end in Async");
            }

            if (parameters.Length == 0 || parameters[^1].ParameterType != typeof(CancellationToken) || parameters[^1].Name != "cancellationToken")
            {
                offenders.Add($"{method.DeclaringType!.Name}.{method.Name}: CancellationToken cancellationToken is not last");
            }
        }

        offenders.Should().BeEmpty();
    }

    [Test]
    public void ClientMembers_AreVirtual_SoTheClientCanBeMocked()
    {
        var nonVirtual = typeof(MlflowClient)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && !m.IsVirtual && m.Name != nameof(MlflowClient.DisposeAsync))
            .Select(m => m.Name)
            .ToList();

        nonVirtual.Should().BeEmpty();
        typeof(MlflowClient).GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes)
            .Should().NotBeNull("a protected parameterless constructor lets tests mock the client");
    }

    [Test]
    public void PublicRecords_AreSealedOrAbstract()
    {
        var open = PublicTypes
            .Where(t => t.IsClass && t.GetMethod("<Clone>$") is not null)
            .Where(t => !t.IsSealed && !t.IsAbstract)
            .Select(t => t.Name)
            .ToList();

        open.Should().BeEmpty();
    }

    [Test]
    public void ResolvedSettings_NeverShowCredentials()
    {
        var options = new MlflowClientOptions
        {
            TrackingUri = "http://127.0.0.1:5000",
            TrackingToken = "tok-secret-123",
            TrackingUsername = "alice",
            TrackingPassword = "pw-secret-456",
            ReadEnvironment = false,
        };

        var text = MlflowScorers.Client.ClientSettings.Resolve(options).ToString();

        text.Should().NotContain("tok-secret-123").And.NotContain("pw-secret-456").And.Contain("(hidden)");
    }

    private static bool ReturnsAwaitable(MethodInfo method) =>
        typeof(Task).IsAssignableFrom(method.ReturnType)
        || method.ReturnType == typeof(ValueTask)
        || (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        || (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>));
}
