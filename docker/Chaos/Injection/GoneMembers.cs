using CMesh.Docker.Engine;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Reverting on a member that has gone (removed, stopped, restarted with a fresh namespace) finds nothing to take
/// off: its rules went with its namespace. Such a failure is not an error when reverting.
/// </summary>
internal static class GoneMembers
{
    public static async Task IgnoringGoneAsync(Func<Task> revert)
    {
        try
        {
            await revert();
        }
        catch (DockerEngineException e) when (e.StatusCode is 404 or 409)
        {
            // No such container, or it is not running.
        }
        catch (ChaosCommandException e) when (e.Output.Contains("No such file or directory") || e.Output.Contains("Cannot find device"))
        {
            // The chain, qdisc or device is already gone.
        }
    }
}
