using CMesh.Chaos.Mechanisms;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>A node fault's hold on one member: its container's lifecycle, and its helper let go when it comes back with a fresh namespace.</summary>
internal sealed class MemberNodeControl(MeshMember member, MeshControls controls) : INodeControl
{
    private static readonly TimeSpan ExitPoll = TimeSpan.FromMilliseconds(100);
    private const int ExitPolls = 50;

    public Task PauseAsync(CancellationToken ct) => controls.Lifecycle.PauseAsync(member, ct);

    public Task UnpauseAsync(CancellationToken ct) => controls.Lifecycle.UnpauseAsync(member, ct);

    public async Task KillAsync(string signal, CancellationToken ct)
    {
        await controls.Lifecycle.KillAsync(member, signal, ct);
        for (var poll = 0; poll < ExitPolls && await controls.Members.IsRunningAsync(member, ct); poll++)
        {
            await Task.Delay(ExitPoll, controls.Clock, ct);
        }
    }

    public Task StopAsync(TimeSpan grace, CancellationToken ct) => controls.Lifecycle.StopAsync(member, grace, ct);

    public Task StartAgainAsync(CancellationToken ct) => MemberStart.AgainAsync(controls, member, ct);
}
