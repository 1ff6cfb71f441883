using System.Net.Sockets;

namespace CMesh.Common.Net;

/// <summary>
/// Copies bytes both ways between two streams until both directions have ended. A direction that ends passes its end
/// on (a socket's half-close, so the engine's hijacked exec and attach streams see their input end while their output
/// still flows); a failure in either direction ends both.
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
            PassEnd(to);
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

    private static void PassEnd(Stream to)
    {
        if (to is NetworkStream { Socket.Connected: true } socket)
        {
            socket.Socket.Shutdown(SocketShutdown.Send);
        }
        else
        {
            // A stream that cannot be half-closed (an upgraded HTTP connection) ends as a whole.
            to.Dispose();
        }
    }
}
