using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

public class DockerSystemTests
{
    [Fact]
    public async Task Events_are_filtered_by_label_and_read_with_actor_and_nanosecond_time()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json(
            """{"status":"die","id":"c1","from":"cmesh/peer","Type":"container","Action":"die","Actor":{"ID":"c1","Attributes":{"exitCode":"137","cmesh.run":"r1"}},"scope":"local","time":1714557600,"timeNano":1714557600123456700}""" + "\n" +
            """{"Type":"network","Action":"connect","Actor":{"ID":"n1","Attributes":{"container":"c1"}},"time":1714557601,"timeNano":1714557601000000000}""" + "\n"));
        using var client = FakeEngine.Client(engine);

        var events = await client.System.EventsAsync(
            new Dictionary<string, string> { ["cmesh.run"] = "r1" }, CancellationToken.None).ToListAsync();

        Assert.Contains("cmesh.run=r1", engine.Requests[0].Query["filters"]);
        Assert.Equal(2, events.Count);
        Assert.Equal(("container", "die", "c1", "137"), (events[0].Type, events[0].Action, events[0].ActorId, events[0].Attributes["exitCode"]));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1714557600).AddTicks(1234567), events[0].Time);
        Assert.Equal(("network", "connect"), (events[1].Type, events[1].Action));
    }

    [Fact]
    public async Task Cancelling_the_event_stream_ends_it_without_throwing()
    {
        using var cts = new CancellationTokenSource();
        var engine = new FakeEngineHandler(_ =>
        {
            cts.Cancel();
            return FakeEngineHandler.Json("");
        });
        using var client = FakeEngine.Client(engine);

        var events = await client.System.EventsAsync(new Dictionary<string, string>(), cts.Token).ToListAsync();

        Assert.Empty(events);
    }
}
