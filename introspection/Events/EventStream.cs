using System.Net.WebSockets;
using System.Text.Json;
using CMesh.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CMesh.Introspection.Events;

/// <summary>GET /events: a WebSocket that carries each event of the hub as one JSON text message until either side closes.</summary>
public static class EventStream
{
    public static async Task ServeAsync(HttpContext context, EventHub hub)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("GET /events is a WebSocket: connect with a WebSocket client\n", context.RequestAborted);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var subscription = hub.Subscribe();
        // A browser keeps its socket open for as long as the page is; the node must not wait for it to stop.
        var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var open = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var listening = CloseWhenClientClosesAsync(socket, open);
        try
        {
            await foreach (var nodeEvent in subscription.Events.ReadAllAsync(open.Token))
            {
                await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(nodeEvent, CMeshJsonContext.Default.NodeEvent), WebSocketMessageType.Text, true, open.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client went away or the node is stopping.
        }

        await open.CancelAsync();
        await listening;
    }

    /// <summary>The client sends nothing but its close; reading is how that close (or a dropped connection) is noticed.</summary>
    private static async Task CloseWhenClientClosesAsync(WebSocket socket, CancellationTokenSource open)
    {
        var buffer = new byte[256];
        try
        {
            while (!open.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer, open.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Closed either way.
        }

        await open.CancelAsync();
    }
}
