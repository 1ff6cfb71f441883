using System.Net;
using System.Text;
using CMesh.Docker.Engine;
using CMesh.Docker.Swarm;
using CMesh.Tests.Docker;

namespace CMesh.Tests.Swarm;

public sealed class SwarmSecretsTests
{
    [Fact]
    public async Task Each_secret_becomes_a_swarm_secret_named_for_the_run_and_a_root_only_file_of_its_own_name()
    {
        var engine = new FakeEngineHandler(request => FakeEngineHandler.Json(
            $$"""{"ID":"id-{{request.Json.GetProperty("Name").GetString()}}"}""", HttpStatusCode.Created));
        using var client = FakeEngine.Client(engine);

        var secrets = await new SwarmSecrets(client).CreateAsync(
            "r1", new Dictionary<string, string> { ["swarm_key"] = "k3y", ["api_token"] = "t0ken" }, CancellationToken.None);

        Assert.Equal(
            [
                new ServiceSecret("id-cmesh-r1-api_token", "cmesh-r1-api_token", "api_token", 0, 0, UnixFileMode.UserRead),
                new ServiceSecret("id-cmesh-r1-swarm_key", "cmesh-r1-swarm_key", "swarm_key", 0, 0, UnixFileMode.UserRead),
            ],
            secrets);
        var created = engine.Requests.Single(r => r.Json.GetProperty("Name").GetString() == "cmesh-r1-swarm_key").Json;
        Assert.Equal("k3y", Encoding.UTF8.GetString(Convert.FromBase64String(created.GetProperty("Data").GetString()!)));
        Assert.Equal("r1", created.GetProperty("Labels").GetProperty("cmesh.run").GetString());
        Assert.Equal("true", created.GetProperty("Labels").GetProperty("cmesh.managed").GetString());
    }

    [Fact]
    public async Task Removing_a_runs_secrets_removes_those_with_its_labels_only()
    {
        var engine = new FakeEngineHandler(request => request.Method == HttpMethod.Get
            ? FakeEngineHandler.Json("""
                [{"ID":"x1","Spec":{"Name":"cmesh-r1-swarm_key","Labels":{"cmesh.managed":"true","cmesh.run":"r1"}}},
                 {"ID":"x2","Spec":{"Name":"cmesh-r2-swarm_key","Labels":{"cmesh.managed":"true","cmesh.run":"r2"}}}]
                """)
            : FakeEngineHandler.Status(HttpStatusCode.NoContent));
        using var client = FakeEngine.Client(engine);

        await new SwarmSecrets(client).RemoveAsync(new Dictionary<string, string> { ["cmesh.managed"] = "true", ["cmesh.run"] = "r1" }, CancellationToken.None);

        Assert.Equal(["/secrets/x1"], engine.Requests.Where(r => r.Method == HttpMethod.Delete).Select(r => r.Path));
    }
}
