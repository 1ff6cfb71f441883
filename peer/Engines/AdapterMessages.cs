using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CMesh.Peer.Engines;

/// <summary>An event line from the adapter, as docs/engines.md defines it.</summary>
public abstract record AdapterEvent;

public sealed record AdapterReady(JsonElement Contact) : AdapterEvent;

public sealed record AdapterAck(long Seq) : AdapterEvent;

public sealed record AdapterSeen(string Writer, long Seq) : AdapterEvent;

/// <param name="Up">up: the engine has a connection with the peer; down: it lost it.</param>
public sealed record AdapterLink(string Peer, bool Up, double? RttMs) : AdapterEvent;

public sealed record AdapterError(string Message) : AdapterEvent;

/// <summary>A line the adapter wrote that breaks the protocol, with the clause it breaks.</summary>
public sealed class AdapterProtocolException(string message) : Exception(message);

/// <summary>The adapter protocol, version 1: JSON lines, commands to the adapter's stdin and events from its stdout.</summary>
public static class AdapterMessages
{
    public const int Version = 1;

    public static string Start(string runId, string peerId, string listenHost, int listenPort, string stateDirectory, string secretsDirectory) =>
        Line(w =>
        {
            w.WriteString("op", "start");
            w.WriteNumber("protocol", Version);
            w.WriteString("run", runId);
            w.WriteString("peer", peerId);
            w.WriteStartObject("listen");
            w.WriteString("host", listenHost);
            w.WriteNumber("port", listenPort);
            w.WriteEndObject();
            w.WriteString("stateDir", stateDirectory);
            w.WriteString("secretsDir", secretsDirectory);
        });

    /// <summary>The whole set of peers the engine should be connected to now, each with its adapter's contact.</summary>
    public static string Peers(IEnumerable<(string Peer, JsonElement Contact)> peers) =>
        Line(w =>
        {
            w.WriteString("op", "peers");
            w.WriteStartArray("peers");
            foreach (var (peer, contact) in peers)
            {
                w.WriteStartObject();
                w.WriteString("peer", peer);
                w.WritePropertyName("contact");
                contact.WriteTo(w);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });

    public static string Write(string writer, long seq, ReadOnlySpan<byte> payload)
    {
        var key = $"{writer}/{seq}";
        var value = Convert.ToBase64String(payload);
        return Line(w =>
        {
            w.WriteString("op", "write");
            w.WriteNumber("seq", seq);
            w.WriteString("key", key);
            w.WriteString("value", value);
        });
    }

    public static string Stop() => Line(w => w.WriteString("op", "stop"));

    /// <exception cref="AdapterProtocolException">Not a JSON object, or an event without the fields it needs.</exception>
    /// <returns>Null for an event this version does not know (ignored, as the protocol asks).</returns>
    public static AdapterEvent? Parse(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new AdapterProtocolException($"stdout line is not JSON ({e.Message}): {Shorten(line)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event", out var name) || name.ValueKind != JsonValueKind.String)
            {
                throw new AdapterProtocolException($"stdout line is not an event (an object with a string \"event\"): {Shorten(line)}");
            }

            return name.GetString() switch
            {
                "ready" => new AdapterReady(Property(root, "contact", JsonValueKind.Object, line).Clone()),
                "ack" => new AdapterAck(Seq(root, line)),
                "seen" => new AdapterSeen(Text(root, "writer", line), Seq(root, line)),
                "link" => new AdapterLink(
                    Text(root, "peer", line),
                    Text(root, "state", line) switch
                    {
                        "up" => true,
                        "down" => false,
                        var other => throw new AdapterProtocolException($"link state {other}: expected up or down: {Shorten(line)}"),
                    },
                    root.TryGetProperty("rttMs", out var rtt) && rtt.ValueKind == JsonValueKind.Number ? rtt.GetDouble() : null),
                "error" => new AdapterError(root.TryGetProperty("message", out var message) ? message.ToString() : "(no message)"),
                _ => null,
            };
        }
    }

    private static long Seq(JsonElement root, string line)
    {
        var seq = Property(root, "seq", JsonValueKind.Number, line);
        return seq.TryGetInt64(out var value) && value >= 1
            ? value
            : throw new AdapterProtocolException($"seq must be a whole number from 1: {Shorten(line)}");
    }

    private static string Text(JsonElement root, string name, string line) => Property(root, name, JsonValueKind.String, line).GetString()!;

    private static JsonElement Property(JsonElement root, string name, JsonValueKind kind, string line) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw new AdapterProtocolException($"{root.GetProperty("event").GetString()} event without {kind.ToString().ToLowerInvariant()} \"{name}\": {Shorten(line)}");

    private static string Shorten(string line) => line.Length <= 200 ? line : line[..200] + "…";

    private static string Line(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
