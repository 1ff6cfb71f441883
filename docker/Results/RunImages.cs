
namespace CMesh.Docker.Results;

public sealed record RunImages(string Base, string BaseId, string Coordinator, string CoordinatorId, string Peer, string PeerId);
