using CMesh.Common.Clocks;

namespace CMesh.Docker.Swarm;

/// <summary>What <see cref="NodeClockSurvey"/> measured of a swarm run's nodes.</summary>
/// <param name="Clocks">The nodes measured and the whole placement; null when the coordinator's own clock could not be measured.</param>
/// <param name="Unmeasured">One line per node left out: which and why.</param>
public sealed record ClockSurvey(RunClocks? Clocks, IReadOnlyList<string> Unmeasured);
