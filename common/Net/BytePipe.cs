using System.Net.Sockets;

namespace CMesh.Common.Net;

/// <summary>
/// Copies bytes both ways between two streams until both directions have ended. A direction that ends passes its end
/// on: a socket's half-close, so the other direction still flows; a stream that cannot be half-closed (an upgraded
/// HTTP connection) closes as a whole. A failure in either direction ends both.
/// </summary>
public static class BytePipe
{
    public static async Task RunAsync(Stream one, Stream other, CancellationToken ct)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            await Task.WhenAll(CopyAsync(one, other, failed), CopyAsync(other, one, failed));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The connection ended from either side: nothing is left to copy.
        }
        finally
        {
            await one.DisposeAsync();
            await other.DisposeAsync();
        }
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationTokenSource failed)
    {
        try
        {
            await from.CopyToAsync(to, failed.Token);
            await to.FlushAsync(failed.Token);
            if (to is NetworkStream { Socket.Connected: true } socket)
            {
                socket.Socket.Shutdown(SocketShutdown.Send);
            }
            else
            {
                // A stream that cannot be half-closed (an upgraded HTTP connection) closes once the pipe returns: end both directions.
                await failed.CancelAsync();
            }
        }
        catch
        {
            // The other direction may be blocked in a read that only closing its stream ends.
            await failed.CancelAsync();
            await from.DisposeAsync();
            await to.DisposeAsync();
            throw;
        }
    }
}
