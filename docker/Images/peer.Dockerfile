# The peer: the publish of peer/ on the base image (Debian with iproute2, nftables, iptables, and the Debian packages
# an engine needs). The image is built from the stage named after its publish mode (docker/Images/PublishMode.cs).
ARG BASE_IMAGE
FROM ${BASE_IMAGE} AS peer
COPY app/ /opt/cmesh/peer/
# A shipped engine's folder (engines/<name>, its npm packages installed); empty for the built-in engine.
COPY engine/ /opt/cmesh/engine/
# No spinning in the thread pool and socket completions run inline: with a hundred peers on two cores, every
# spin and every extra thread wake-up is paid on every hop of every update.
ENV DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 \
    DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
WORKDIR /opt/cmesh/peer
ENTRYPOINT ["/opt/cmesh/peer/CMesh.Peer"]

# ReadyToRun on the JIT runtime (CMESH_PEER_PUBLISH=r2r), the baseline Native AOT is measured against. Not tiered:
# recompiling hot methods doubled a peer's CPU in its first minute (bench/mesh-scale.sh: 50 peers were ready in 44 s
# tiered, 34 s not).
# A small first GC generation keeps an idle peer's resident memory low (the Native AOT binary has its own, built in:
# peer/CMesh.Peer.csproj).
FROM peer AS r2r
ENV DOTNET_GCgen0size=0x100000 \
    DOTNET_TieredCompilation=0 \
    DOTNET_TieredPGO=0 \
    DOTNET_EnableWriteXorExecute=0

# Native AOT (the default): one native executable of the same name, with no JIT to configure.
FROM peer AS aot
