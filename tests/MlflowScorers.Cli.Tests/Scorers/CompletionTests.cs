using System.Threading.Tasks;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Tests.Support;

namespace MlflowScorers.Cli.Tests.Scorers;

/// <summary>Shell completion through System.CommandLine's <c>[suggest]</c> directive (what dotnet-suggest calls).</summary>
public sealed class CompletionTests
{
    [Test]
    public async Task Suggest_CompletesCommandsAndBuiltInClassNames()
    {
        var cli = new CliHarness("sqlite:///unused.db");

        var commands = await cli.RunAsync("[suggest]", "reg");
        var classes = await cli.RunAsync("[suggest:20]", "register builtin Saf");

        commands.ExitCode.Should().Be(ExitCodes.Success);
        commands.Output.Should().Contain("register");
        classes.Output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo("Safety", "ConversationalSafety");
    }
}
