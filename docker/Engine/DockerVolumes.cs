using Docker.DotNet.Models;

namespace CMesh.Docker.Engine;

internal sealed class DockerVolumes(EngineConnection engine) : IDockerVolumes
{
    public async Task<IReadOnlyList<VolumeInfo>> ListAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var listed = await engine.CallAsync(d => d.Volumes.ListAsync(new VolumesListParameters { Filters = LabelFilter.Of(labels) }, ct), ct);
        return (listed.Volumes ?? []).Select(v => new VolumeInfo(v.Name, EngineLabels.Of(v.Labels))).ToList();
    }

    public async Task RemoveAsync(string name, CancellationToken ct)
    {
        try
        {
            await engine.CallAsync(d => d.Volumes.RemoveAsync(name, force: false, ct), ct);
        }
        catch (DockerEngineException e) when (e.StatusCode == 404)
        {
            // Already gone: that is what the caller wanted.
        }
    }
}
