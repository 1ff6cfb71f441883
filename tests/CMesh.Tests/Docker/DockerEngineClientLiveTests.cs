using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

/// <summary>Runs against the engine DOCKER_HOST names (default: the local socket); reported as skipped when none answers.</summary>
public class DockerEngineClientLiveTests
{
    [SkippableFact]
    public async Task A_labelled_network_can_be_created_found_and_removed_twice()
    {
        using var client = DockerEngineClient.FromEnvironment();
        Skip.IfNot(await EngineAnswers(client), "no Docker engine answers (start one with ./docker/setup-host.sh): live engine test not run");
        var ct = CancellationToken.None;
        var run = Guid.NewGuid().ToString("N")[..12];
        var labels = new Dictionary<string, string> { ["cmesh.clienttest"] = run };
        var name = $"cmesh-clienttest-{run}";

        var id = await client.Networks.CreateAsync(new NetworkSpec(name, labels, Internal: true), ct);
        try
        {
            var network = await client.Networks.InspectAsync(name, ct);
            Assert.NotNull(network);
            Assert.Equal(id, network.Id);
            Assert.True(network.Internal);
            Assert.Equal(run, network.Labels["cmesh.clienttest"]);
            Assert.NotEmpty(network.Subnets);

            var listed = Assert.Single(await client.Networks.ListAsync(labels, ct));
            Assert.Equal(id, listed.Id);
        }
        finally
        {
            await client.Networks.RemoveAsync(id, ct);
        }

        Assert.Null(await client.Networks.InspectAsync(id, ct));
        await client.Networks.RemoveAsync(id, ct);
    }

    private static async Task<bool> EngineAnswers(DockerEngineClient client)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.System.VersionAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is EngineUnavailableException or OperationCanceledException)
        {
            return false;
        }
    }
}
