using System.CommandLine;
using CMesh.Cli;
using CMesh.Cli.Commands;
using CMesh.Cli.Output;
using CMesh.Cli.Settings;
using CMesh.Docker.Engine;
using CMesh.Docker.Images;

var console = PlainOutput.ForStandardOutput();
var say = new Say(console, Console.Error, colourErrors: !Console.IsErrorRedirected);
using var services = new CliServices(() => CliSettings.Load(CliSettings.FindHome()), console, say);
var root = new RootCommand("cmesh: run peer-to-peer sync software in a mesh of containers, break its network, and measure what happens")
{
    RunCommand.Create(services),
    StopCommand.Create(services),
    LsCommand.Create(services),
    NodesCommand.Create(services),
    StatusCommand.Create(services),
    TopCommand.Create(services),
    DashboardCommand.Create(services),
    DiagnoseCommand.Create(services),
    WatchCommand.Create(services),
    CleanCommand.Create(services),
    ImagesCommand.Create(services),
    EnginesCommand.Create(services),
    EngineCheckCommand.Create(services),
    ChaosCommand.Create(services),
    ReportCommand.Create(services),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    var command = parse.CommandResult.Command == root ? "cmesh" : $"cmesh {parse.CommandResult.Command.Name}";
    say.Error($"{parse.Errors[0].Message.ReplaceLineEndings(" ")} (see `{command} --help`)");
    return ExitCodes.BadUsage;
}

try
{
    // Ctrl-C cancels the command's token; the command then takes down what it started, which may take a while.
    return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(3), EnableDefaultExceptionHandler = false });
}
catch (OperationCanceledException)
{
    say.Warning("interrupted");
    return ExitCodes.Interrupted;
}
catch (UsageException e)
{
    say.Error(e.Message);
    return ExitCodes.BadUsage;
}
catch (EngineUnavailableException e)
{
    say.Error(e.Message);
    return ExitCodes.RunFailed;
}
catch (Exception e) when (e is InvalidOperationException or DockerEngineException or ExternalCommandException or HttpRequestException)
{
    say.Error(e.Message);
    return ExitCodes.RunFailed;
}
