using System.CommandLine;
using CMesh.Cli.Commands;

namespace CMesh.Tests.Cli;

public sealed class RunCommandTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("cmesh-home-").FullName;

    [Theory]
    [InlineData("flood", true)]
    [InlineData("lazy", true)]
    [InlineData("rumour", false)]
    public void Gossip_is_flood_or_lazy(string gossip, bool accepted)
    {
        using var cli = new CliRun(_home);

        var parsed = new RootCommand { RunCommand.Create(cli.Services) }.Parse(["run", "3", "--gossip", gossip]);

        Assert.Equal(accepted, parsed.Errors.Count == 0);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
