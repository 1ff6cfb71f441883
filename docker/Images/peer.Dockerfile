# The peer: the self-contained publish of peer/ on the base image (Debian with iproute2, nftables, iptables).
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY app/ /opt/cmesh/peer/
# A small first GC generation keeps an idle peer's resident memory low; throughput does not need more.
ENV DOTNET_GCgen0size=0x400000 \
    DOTNET_EnableWriteXorExecute=0 \
    DOTNET_TieredPGO=0
WORKDIR /opt/cmesh/peer
ENTRYPOINT ["/opt/cmesh/peer/CMesh.Peer"]
