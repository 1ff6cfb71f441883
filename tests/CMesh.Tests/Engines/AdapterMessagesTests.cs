using System.Text.Json;
using CMesh.Peer.Engines;

namespace CMesh.Tests.Engines;

public sealed class AdapterMessagesTests
{
    [Fact]
    public void Every_event_of_protocol_1_is_read_with_its_fields()
    {
        Assert.Equal("ws://10.0.0.2:7100", Assert.IsType<AdapterReady>(AdapterMessages.Parse("""{"event":"ready","contact":{"url":"ws://10.0.0.2:7100"}}""")).Contact.GetProperty("url").GetString());
        Assert.Equal(12, Assert.IsType<AdapterAck>(AdapterMessages.Parse("""{"event":"ack","seq":12}""")).Seq);
        Assert.Equal(new AdapterSeen("peer-1", 5), AdapterMessages.Parse("""{"event":"seen","writer":"peer-1","seq":5,"extra":true}"""));
        Assert.Equal(new AdapterLink("peer-7", true, 1.5), AdapterMessages.Parse("""{"event":"link","peer":"peer-7","state":"up","rttMs":1.5}"""));
        Assert.Equal(new AdapterLink("peer-7", false, null), AdapterMessages.Parse("""{"event":"link","peer":"peer-7","state":"down"}"""));
        Assert.Equal(new AdapterError("disk full"), AdapterMessages.Parse("""{"event":"error","message":"disk full"}"""));
    }

    [Fact]
    public void An_event_of_a_later_version_is_ignored()
    {
        Assert.Null(AdapterMessages.Parse("""{"event":"stats","bytes":3}"""));
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1,2]", "not an event")]
    [InlineData("""{"seq":1}""", "not an event")]
    [InlineData("""{"event":"ack"}""", "ack event without number \"seq\"")]
    [InlineData("""{"event":"ack","seq":0}""", "whole number from 1")]
    [InlineData("""{"event":"ack","seq":1.5}""", "whole number from 1")]
    [InlineData("""{"event":"seen","seq":3}""", "seen event without string \"writer\"")]
    [InlineData("""{"event":"ready","contact":"ws://x"}""", "ready event without object \"contact\"")]
    [InlineData("""{"event":"link","peer":"peer-1","state":"sideways"}""", "expected up or down")]
    public void A_line_that_breaks_the_protocol_names_the_clause(string line, string clause)
    {
        var e = Assert.Throws<AdapterProtocolException>(() => AdapterMessages.Parse(line));
        Assert.Contains(clause, e.Message);
    }

    [Fact]
    public void Commands_are_one_json_object_each_with_the_documented_fields()
    {
        using var start = JsonDocument.Parse(AdapterMessages.Start("r1", "peer-3", "10.0.0.4", 7100, "/state", "/run/secrets"));
        Assert.Equal("start", start.RootElement.GetProperty("op").GetString());
        Assert.Equal(1, start.RootElement.GetProperty("protocol").GetInt32());
        Assert.Equal(7100, start.RootElement.GetProperty("listen").GetProperty("port").GetInt32());
        Assert.Equal("/run/secrets", start.RootElement.GetProperty("secretsDir").GetString());

        using var write = JsonDocument.Parse(AdapterMessages.Write("peer-3", 12, [1, 2, 3]));
        Assert.Equal("peer-3/12", write.RootElement.GetProperty("key").GetString());
        Assert.Equal(new byte[] { 1, 2, 3 }, write.RootElement.GetProperty("value").GetBytesFromBase64());

        using var contact = JsonDocument.Parse("""{"deviceId":"ABC"}""");
        using var peers = JsonDocument.Parse(AdapterMessages.Peers([("peer-1", contact.RootElement)]));
        var only = Assert.Single(peers.RootElement.GetProperty("peers").EnumerateArray());
        Assert.Equal("ABC", only.GetProperty("contact").GetProperty("deviceId").GetString());

        Assert.DoesNotContain('\n', AdapterMessages.Stop());
    }
}
