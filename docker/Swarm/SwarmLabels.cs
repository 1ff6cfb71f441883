namespace CMesh.Docker.Swarm;

/// <summary>The node labels CMesh reads on a swarm (set with `docker node update --label-add`).</summary>
public static class SwarmLabels
{
    /// <summary>
    /// Where the CLI reaches that node's own engine (unix:///run/docker-cmesh-n2.sock, tcp://10.0.0.7:2376): to load
    /// images there and to reach its containers. The node the CLI talks to needs none: it is the local engine.
    /// </summary>
    public const string Engine = "cmesh.engine";
}
