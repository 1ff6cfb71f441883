#!/usr/bin/perl
# A deliberately small sync engine, written from docs/engines.md alone, for the --peer-image test: it is its own
# adapter. Peers exchange lines over TCP: "hello <peer>" first, then one "<writer>/<seq>" per update held. A new
# connection gets everything held (so a healed peer catches up); a key not held before is relayed to every other
# connection. Values are not kept: the test measures visibility, not storage.
# CMESH_TEST_BREAK breaks one clause on purpose, for `cmesh engine check`: no-acks, wrong-ids, crash (exits 3 at
# its fifth write).
use strict;
use warnings;
use IO::Socket::INET;
use IO::Select;

$| = 1;
$SIG{PIPE} = 'IGNORE';
my $break = $ENV{CMESH_TEST_BREAK} // '';
my ($self, %held, %peer_of, %buffer, %contact, %retry_at);
my $select = IO::Select->new(\*STDIN);
my $stdin = '';
my $listener;

sub emit { print STDOUT $_[0], "\n" }
sub text_field { my ($line, $name) = @_; return $line =~ /"$name"\s*:\s*"([^"]*)"/ ? $1 : undef }
sub number_field { my ($line, $name) = @_; return $line =~ /"$name"\s*:\s*(\d+)/ ? $1 : undef }

sub send_to { my ($socket, $line) = @_; print {$socket} "$line\n" or close_link($socket) }

sub hold {
    my ($key, $from) = @_;
    return if $held{$key}++;
    my ($writer, $seq) = split m{/}, $key;
    $writer =~ s/-/_/ if $break eq 'wrong-ids';
    emit(qq({"event":"seen","writer":"$writer","seq":$seq})) if $writer ne $self;
    for my $socket ($select->handles) {
        send_to($socket, $key) if exists $peer_of{$socket} && $peer_of{$socket} ne '' && (!defined $from || $socket != $from);
    }
}

sub open_link {
    my ($socket) = @_;
    $socket->autoflush(1);
    $select->add($socket);
    $peer_of{$socket} = '';
    $buffer{$socket} = '';
    send_to($socket, "hello $self");
    send_to($socket, $_) for keys %held;
}

sub close_link {
    my ($socket) = @_;
    my $peer = delete $peer_of{$socket};
    delete $buffer{$socket};
    $select->remove($socket);
    close $socket;
    emit(qq({"event":"link","peer":"$peer","state":"down"})) if defined $peer && $peer ne '';
}

sub linked { my ($peer) = @_; return grep { $_ eq $peer } values %peer_of }

sub dial_missing {
    for my $peer (sort keys %contact) {
        next if linked($peer) || time < ($retry_at{$peer} // 0);
        $retry_at{$peer} = time + 2;
        my $socket = IO::Socket::INET->new(PeerAddr => $contact{$peer}, Proto => 'tcp', Timeout => 1) or next;
        open_link($socket);
    }
}

sub command {
    my ($line) = @_;
    my $op = text_field($line, 'op') // return;
    if ($op eq 'start') {
        $self = text_field($line, 'peer');
        my ($host, $port) = $line =~ /"listen"\s*:\s*\{\s*"host"\s*:\s*"([^"]+)"\s*,\s*"port"\s*:\s*(\d+)/;
        $listener = IO::Socket::INET->new(LocalAddr => $host, LocalPort => $port, Listen => 64, ReuseAddr => 1)
            or do { emit(qq({"event":"error","message":"cannot listen on $host:$port: $!"})); exit 1 };
        $select->add($listener);
        emit(qq({"event":"ready","contact":{"address":"$host:$port"}}));
    } elsif ($op eq 'peers') {
        while ($line =~ /"peer"\s*:\s*"([^"]+)"\s*,\s*"contact"\s*:\s*\{\s*"address"\s*:\s*"([^"]+)"/g) { $contact{$1} = $2 }
        dial_missing();
    } elsif ($op eq 'write') {
        my $seq = number_field($line, 'seq');
        exit 3 if $break eq 'crash' && $seq >= 5;
        hold("$self/$seq");
        emit(qq({"event":"ack","seq":$seq})) unless $break eq 'no-acks';
    } elsif ($op eq 'stop') {
        exit 0;
    }
}

while (1) {
    for my $socket ($select->can_read(1)) {
        if ($socket == \*STDIN) {
            my $read = sysread(STDIN, my $chunk, 65536);
            exit 0 unless $read;
            $stdin .= $chunk;
            command($1) while $stdin =~ s/^([^\n]*)\n//;
        } elsif (defined $listener && $socket == $listener) {
            my $accepted = $listener->accept or next;
            open_link($accepted);
        } else {
            my $read = sysread($socket, my $chunk, 65536);
            if (!$read) { close_link($socket); next }
            $buffer{$socket} .= $chunk;
            while ($buffer{$socket} =~ s/^([^\n]*)\n//) {
                my $line = $1;
                if ($line =~ /^hello (\S+)$/) {
                    $peer_of{$socket} = $1;
                    emit(qq({"event":"link","peer":"$1","state":"up"}));
                } elsif ($line =~ m{^[\w-]+/\d+$}) {
                    hold($line, $socket);
                }
            }
        }
    }
    dial_missing() if defined $self;
}
