#!/usr/bin/env bash
# Differential test of openflow/of_parse.c against the real ovs-ofctl 3.1:
# each flow text below is given to
#   ovs-ofctl -O OpenFlow10 -F OpenFlow10 --no-names CMD tcp:127.0.0.1:PORT TEXT
# talking to a tiny Python OpenFlow 1.0 listener that records the FLOW_MOD
# (or flow/aggregate stats request) it sends, and to build/tests/parse_flow,
# which prints the message of_parse_flow() makes. Accepted texts must give
# the same bytes (xid ignored); texts ovs-ofctl rejects must be rejected.
# Prints "N passed, N failed" (or SKIP) as the last line.
set -u
cd "$(dirname "$0")/.." || exit 1

PARSE=${PARSE_FLOW:-build/tests/parse_flow}
if ! command -v ovs-ofctl >/dev/null || ! command -v python3 >/dev/null; then
	echo "SKIP: ovs-ofctl or python3 not installed"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
if [ ! -x "$PARSE" ]; then
	make -s "$PARSE" || {
		echo "cannot build $PARSE"
		echo "0 passed, 1 failed"
		exit 1
	}
fi

tmp=$(mktemp -d)
listener_pid=
cleanup() {
	[ -n "$listener_pid" ] && kill "$listener_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# The listener: answers HELLO, ECHO, FEATURES_REQUEST, BARRIER and stats
# requests; for each connection writes one line to the log with the hex of
# what it recorded (everything but HELLO/ECHO/FEATURES) when the BARRIER or
# stats request arrives, before answering, so the line exists when
# ovs-ofctl exits.
cat >"$tmp/listener.py" <<'EOF'
import socket, struct, sys
log = open(sys.argv[1], 'a', buffering=1)
s = socket.socket()
s.bind(('127.0.0.1', 0))
s.listen(8)
print(s.getsockname()[1], flush=True)
def msgs(c):
    buf = b''
    while True:
        while len(buf) >= 8 and len(buf) >= struct.unpack('!H', buf[2:4])[0] >= 8:
            n = struct.unpack('!H', buf[2:4])[0]
            yield buf[:n]
            buf = buf[n:]
        d = c.recv(65536)
        if not d:
            return
        buf += d
while True:
    c, _ = s.accept()
    rec = []
    try:
        c.sendall(struct.pack('!BBHI', 1, 0, 8, 1))
        for m in msgs(c):
            t, xid = m[1], m[4:8]
            if t == 0:
                continue
            if t == 2:
                c.sendall(bytes([1, 3]) + m[2:])
                continue
            if t == 5:
                c.sendall(struct.pack('!BBH4sQIB3xII', 1, 6, 32, xid, 1, 0, 1, 0, 0xfff))
                continue
            rec.append(m.hex())
            if t == 18:
                log.write(' '.join(rec) + '\n')
                rec = []
                c.sendall(struct.pack('!BBH4s', 1, 19, 8, xid))
            elif t == 16:
                log.write(' '.join(rec) + '\n')
                rec = []
                st = struct.unpack('!H', m[8:10])[0]
                if st == 2:
                    c.sendall(struct.pack('!BBH4sHH16sI4x', 1, 17, 36, xid, st, 0, bytes(16), 0))
                else:
                    c.sendall(struct.pack('!BBH4sHH', 1, 17, 12, xid, st, 0))
    except OSError:
        pass
    c.close()
EOF
: >"$tmp/log"
/usr/bin/python3 "$tmp/listener.py" "$tmp/log" >"$tmp/port" &
listener_pid=$!
for _ in $(seq 50); do
	[ -s "$tmp/port" ] && break
	sleep 0.1
done
port=$(cat "$tmp/port")
if [ -z "$port" ]; then
	echo "listener did not start"
	echo "0 passed, 1 failed"
	exit 1
fi

# CMD|TEXT. CMD: add, mod, mod-strict, del, del-strict, dump, aggregate;
# "CMD!" marks texts ovs-ofctl encodes with a Nicira vendor action, which
# we deliberately reject (we produce only OpenFlow 1.0 actions, plus
# resubmit and note). CASES_FILE=F replaces the list (for exploring).
cases=$(
	cat <<'EOF'
add|in_port=1,actions=output:2
add|in_port=LOCAL,actions=output:1
add|in_port=local,actions=LOCAL
add|in_port=65279,actions=2
add|in_port=4294967294,actions=drop
add|in_port=*,actions=drop
add|in_port:3 actions=flood
add|dl_src=00:11:22:33:44:55,dl_dst=AA:BB:CC:DD:EE:FF,actions=drop
add|dl_src=0:1:2:3:4:5,actions=drop
add|dl_src=100:2:3:4:5:6,actions=drop
add|dl_dst=01:00:00:00:00:00/00:00:00:00:00:00,actions=drop
add|eth_src=00:00:00:00:00:01,eth_dst=00:00:00:00:00:02,eth_type=0x800,actions=drop
add|dl_vlan=100,actions=output:1
add|dl_vlan=0xffff,actions=output:2
add|dl_vlan=4095,dl_vlan_pcp=7,actions=drop
add|dl_vlan=5000,actions=drop
add|dl_vlan_pcp=5,actions=drop
add|dl_vlan_pcp=9,actions=drop
add|dl_vlan=0xffff,dl_vlan_pcp=5,actions=drop
add|dl_vlan_pcp=5,dl_vlan=0xffff,actions=drop
add|vlan_tci=0x1005,actions=drop
add|vlan_vid=5,actions=drop
add|vlan_pcp=3,actions=drop
add|dl_type=0x88cc,actions=drop
add|dl_type=2048,actions=drop
add|dl_type=0x800/0,actions=drop
add|ip,actions=drop
add|ipv4 ip4,actions=drop
add|tcp,actions=drop
add|udp,actions=drop
add|icmp,actions=drop
add|arp,actions=drop
add|rarp,actions=drop
add|sctp,actions=drop
add|ipv6,actions=drop
add|mpls,actions=drop
add|tcp,ip,actions=drop
add|ip,nw_tos=32,actions=output:1
add|ip,nw_tos=33,actions=drop
add|ip,ip_dscp=8,actions=drop
add|ip,nw_proto=47,actions=drop
add|ip,ip_proto=17,actions=drop
add|ip,nw_src=10.0.0.0/8,actions=output:1
add|ip,nw_dst=192.168.1.0/24,actions=output:2
add|ip,nw_src=10.1.2.3/8,nw_dst=1.2.3.4/0,actions=drop
add|ip,nw_src=100.64.0.0/10,nw_dst=198.51.100.128/25,actions=output:4
add|ip,nw_src=10.0.0.0/255.255.0.0,actions=drop
add|ip,ip_src=0.0.0.0/1,ip_dst=8.8.8.8/32,actions=drop
add|nw_src=256.1.1.1,actions=drop
add|tcp,tp_src=80,tp_dst=0x1bb,actions=drop
add|udp,udp_src=53,udp_dst=5353,actions=drop
add|tcp,tcp_src=010,tcp_dst=+5,actions=drop
add|tcp,tp_dst=80/0xffff,tp_src=,actions=drop
add|tp_dst=80,actions=drop
add|icmp,icmp_type=8,icmp_code=0,actions=drop
add|arp,arp_op=2,arp_spa=10.0.0.1,arp_tpa=10.0.0.0/24,actions=drop
add|arp,nw_proto=1,nw_src=10.0.0.1,actions=drop
add|arp_op=258,actions=drop
add|priority=40000,in_port=1,dl_src=00:00:00:00:00:01,dl_dst=00:00:00:00:00:02,dl_vlan=10,dl_vlan_pcp=3,tcp,nw_tos=8,nw_src=10.0.0.1,nw_dst=10.0.0.2,tp_src=12345,tp_dst=22,actions=output:2
add|priority=0,actions=drop
add|priority=0x10,idle_timeout=010,hard_timeout=65535,actions=drop
add|priority=65535,cookie=0xffffffffffffffff,actions=drop
add|cookie=-1,actions=drop
add|send_flow_rem,check_overlap,actions=drop
add|send_flow_rem=0,actions=drop
add|importance=5,actions=drop
add|table=1,priority=3,actions=drop
add|table=255,actions=drop
add|n_packets=5,n_bytes=6,duration=1.5s,idle_age=3,hard_age=4,actions=drop
add|no_readonly_table,allow_hidden_fields,eth,actions=drop
add|	in_port=2 ,, actions=output:1
add|actions=
add|actions=output:2,output:3,controller:64
add|actions=in_port,IN_PORT,flood,ALL,normal,local
add|actions=controller
add|actions=CONTROLLER,output:CONTROLLER,controller:128
add|actions=controller(max_len=100),controller(reason=action,id=0)
add|actions=output(2),output=3
add|actions=output:65279,4294967294
add|actions=enqueue:1:0,enqueue(2,7),enqueue:LOCAL:1,enqueue:1q5
add|actions=enqueue:IN_PORT:4294967295
add|actions=mod_vlan_vid:123,set_vlan_vid:4095,mod_vlan_pcp:7,set_vlan_pcp:0
add|actions=strip_vlan,pop_vlan,strip_vlan:5
add|actions=mod_dl_src:00:aa:bb:cc:dd:ee,mod_dl_dst:00:11:22:33:44:55
add|actions=mod_dl_src:00:11:22:33:44:55xyz
add|actions=mod_nw_src:192.168.0.1,mod_nw_dst:192.168.0.2,mod_nw_tos:64
add|actions=mod_tp_src:1234,mod_tp_dst:0x10e1
add|actions=MOD_TP_SRC:1,Output:2
add|actions=set_field:00:11:22:33:44:55->eth_src,set_field:00:11:22:33:44:66->dl_dst
add|ip,actions=set_field:1.2.3.4->ip_src,set_field:5.6.7.8->nw_dst
add|ip,actions=set_field:1.2.3.4/255.255.0.0->ip_src
add|ip,actions=set_field:8->ip_dscp,set_field:32->nw_tos
add|tcp,actions=set_field:80->tcp_src,set_field:81->tp_dst
add|udp,actions=set_field:53->udp_src,set_field:54->udp_dst
add|dl_vlan=3,actions=set_field:5->vlan_vid,set_field:2->vlan_pcp
add|actions=mod_vlan_vid:3,set_field:5->vlan_vid
add|actions=set_field:0x1005->vlan_tci,set_field:0->vlan_tci
add|priority=33,ip,nw_dst=10.0.0.115,actions=resubmit:2,note:01.02.03.04
add|actions=resubmit(,2),resubmit(3,4),note,note:0102030405060708
add|priority=31,tcp,nw_src=10.0.0.1,nw_dst=10.0.0.2,tp_dst=80,actions=mod_vlan_vid:10,mod_vlan_pcp:2,mod_dl_src:02:00:00:00:00:01,mod_dl_dst:02:00:00:00:00:02,mod_nw_src:172.16.0.1,mod_nw_dst:172.16.0.2,mod_nw_tos:16,mod_tp_src:8080,mod_tp_dst:8443,output:2,output:3,controller:64
mod|ip,nw_dst=10.0.1.1,actions=output:3
mod|cookie=7,idle_timeout=5,send_flow_rem,actions=drop
mod|cookie=5/0,actions=drop
mod-strict|priority=200,ip,nw_dst=10.0.1.1,actions=output:4,mod_nw_tos:8
del|
del|in_port=2
del|out_port=LOCAL,table=3
del|cookie=5/0,udp
del-strict|priority=400,in_port=1,dl_vlan=5
dump|
dump|tcp
dump|out_port=2,table=0
aggregate|ip,nw_src=11.0.0.0/8
add|in_port=1
add|
add|in_port=1,action
add|foo=1,actions=drop
add|in_port=,actions=drop
add|in_port=0xfffe,actions=drop
add|in_port=-1,actions=drop
add|in_port=65536,actions=drop
add|dl_src=00:11:22:33:44,actions=drop
add|dl_src=00:11:22:33:44:55/ff:ff:ff:00:00:00,actions=drop
add|dl_vlan=-1,actions=drop
add|dl_vlan=65536,actions=drop
add|nw_proto=300,actions=drop
add|nw_proto=6/0xf0,actions=drop
add|ip,nw_src=10.0.0.0/255.0.255.0,actions=drop
add|ip,nw_src=1.2.3.4/33,actions=drop
add|ip,nw_src=1.2.3,actions=drop
add|ip,nw_src=,actions=drop
add|tcp,tp_dst=70000,actions=drop
add|tcp,tp_dst=80/0xff00,actions=drop
add|tcp,tp_dst=abc,actions=drop
add|vlan_tci=0x1000/0x1000,actions=drop
add|tcp6,actions=drop
add|icmp6,actions=drop
add|ipv6,nw_proto=6,actions=drop
add|dl_type=0x86dd,tp_dst=80,actions=drop
add|ipv6_src=::1,actions=drop
add|reg0=1,actions=drop
add|priority=70000,actions=drop
add|priority=-1,actions=drop
add|idle_timeout=x,actions=drop
add|cookie=1/1,actions=drop
add|cookie=zz,actions=drop
add|table=256,actions=drop
add|table=all,actions=drop
add|reset_counts,actions=drop
add|out_port=1,actions=drop
add|emerg,actions=drop
add|buffer_id=5,actions=drop
add|actions=output:65280
add|actions=output:NONE
add|actions=output:0x2
add|actions=output
add|actions=foo
add|actions=drop,output:1
add|actions=output:1,drop
add|actions=controller:0128
add|actions=controller:65536
add!|actions=controller(reason=no_match)
add|actions=enqueue:2
add|actions=enqueue:65280:1
add|actions=enqueue:1:x
add|actions=mod_vlan_vid:4096
add|actions=mod_vlan_pcp:8
add|actions=mod_nw_tos:3
add|actions=mod_nw_src:01.2.3.4
add|actions=mod_nw_src:1.2.3.4.5
add|actions=mod_dl_src:00:11:22
add|actions=mod_tp_src:-1
add|actions=mod_tp_dst:65536
add|actions=set_field:1.2.3.4->ip_src
add|actions=set_field:5->vlan_vid
add|actions=set_field:3->vlan_pcp
add|actions=set_field:1.2.3.4
add|ip,actions=set_field:64->ip_dscp
add|actions=note:a
add|actions=resubmit
add|actions=push_vlan:0x8100
add!|actions=dec_ttl
add!|actions=set_field:5->dl_vlan
mod|out_port=1,actions=drop
mod|importance=1,actions=drop
mod|in_port=1
del|priority=5
del|in_port=1,actions=drop
del|cookie=5
del|cookie=5/1
del|send_flow_rem
del-strict|idle_timeout=5
dump|priority=4
dump|cookie=1/1
EOF
)
if [ -n "${CASES_FILE:-}" ]; then
	cases=$(cat "$CASES_FILE")
fi

opts_for() {
	case $1 in
	add) echo "add-flow" ;;
	mod) echo "mod-flows" ;;
	mod-strict) echo "--strict mod-flows" ;;
	del) echo "del-flows" ;;
	del-strict) echo "--strict del-flows" ;;
	dump) echo "dump-flows" ;;
	aggregate) echo "dump-aggregate" ;;
	esac
}

pass=0 fail=0
while IFS= read -r c; do
	cmd=${c%%|*}
	text=${c#*|}
	vendor=0
	if [ "${cmd%!}" != "$cmd" ]; then
		vendor=1
		cmd=${cmd%!}
	fi
	before=$(wc -l <"$tmp/log")
	# shellcheck disable=SC2046
	if timeout 10 ovs-ofctl -O OpenFlow10 -F OpenFlow10 --no-names \
		$(opts_for "$cmd") "tcp:127.0.0.1:$port" "$text" \
		>/dev/null 2>"$tmp/err"; then
		ovs_ok=1
	else
		ovs_ok=0
	fi
	after=$(wc -l <"$tmp/log")
	ours=$(printf '%s\n' "$text" | "$PARSE" "$cmd")
	if [ "$vendor" = 1 ]; then
		if [ "$ovs_ok" = 1 ] && [ "${ours#ERROR: }" != "$ours" ]; then
			pass=$((pass + 1))
		else
			echo "FAIL [$cmd] $text: expected ovs-ofctl to accept" \
				"(vendor action) and us to reject: $ours"
			fail=$((fail + 1))
		fi
	elif [ "$ovs_ok" = 1 ]; then
		if [ "$after" -le "$before" ]; then
			echo "FAIL [$cmd] $text: ovs-ofctl sent nothing"
			fail=$((fail + 1))
			continue
		fi
		ovs=$(tail -n 1 "$tmp/log")
		# The FLOW_MOD is the last message before the BARRIER (after
		# NXT_FLOW_MOD_TABLE_ID for table=N); a stats request is alone.
		read -r -a msgs <<<"$ovs"
		if [ ${#msgs[@]} -ge 2 ]; then
			ovs=${msgs[${#msgs[@]} - 2]}
		fi
		if [ "${ours:0:8}${ours:16}" = "${ovs:0:8}${ovs:16}" ]; then
			pass=$((pass + 1))
		else
			echo "FAIL [$cmd] $text"
			echo "  ovs-ofctl: $ovs"
			echo "  ours:      $ours"
			fail=$((fail + 1))
		fi
	else
		if [ "$after" -gt "$before" ]; then
			echo "FAIL [$cmd] $text: ovs-ofctl failed but sent a message"
			fail=$((fail + 1))
		elif [ "${ours#ERROR: }" != "$ours" ]; then
			pass=$((pass + 1))
		else
			echo "FAIL [$cmd] $text: ovs-ofctl rejects it ($(grep -v '|' "$tmp/err" | head -n 1)), we accept: $ours"
			fail=$((fail + 1))
		fi
	fi
done <<<"$cases"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
