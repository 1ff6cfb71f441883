using System.CommandLine;
using CMesh.Cli.Commands;
using CMesh.Docker.Coordinator;

namespace CMesh.Tests.Cli;

/// <summary>What can be checked without an engine: the address printed, and the command's arguments.</summary>
public sealed class DashboardCommandTests
{
    [Fact]
    public void The_dashboard_is_at_the_root_of_the_coordinators_port_published_on_loopback() =>
        Assert.Equal("http://127.0.0.1:49153/", CoordinatorApi.Address(49153).AbsoluteUri);

    [Theory]
    [InlineData(new[] { "dashboard" }, 0)]
    [InlineData(new[] { "dashboard", "run-1" }, 0)]
    [InlineData(new[] { "dashboard", "run-1", "run-2" }, 1)]
    public void Dashboard_takes_at_most_one_run(string[] args, int errors)
    {
        using var cli = new CliRun(Path.GetTempPath());
        var root = new RootCommand { DashboardCommand.Create(cli.Services) };

        Assert.Equal(errors, root.Parse(args).Errors.Count);
    }
}
