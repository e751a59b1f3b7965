using System.Threading;
using MlflowScorers.Cli;
using MlflowScorers.Cli.Hosting;

return await CliApplication.RunAsync(args, CliTerminal.FromProcess(), CancellationToken.None).ConfigureAwait(false);
