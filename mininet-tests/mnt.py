"""Shared helpers for the Mininet scenario scripts in this directory.

The scripts are meant to be started by mnt_run (mininet-tests/lib.sh):
inside the test's own network namespace (where its private ovsdb-server and
ovs-vswitchd run, found through the exported OVS_* variables), in a private
PID + mount namespace with a private /tmp. Nothing here kills by name or
calls Mininet's cleanup; every process we start is tracked by its PID.

Results are printed to stdout as TAP-like lines ("1..N", "ok - ...",
"not ok - ...", "# diagnostics"); Mininet's own log goes to stderr.

The controller command is CTL_CMD (default: build/bin/of-controller),
with the option dialect chosen by CTL_FLAVOR ("of-controller" or
"ovs-testcontroller"; guessed from the program name when unset).
"""

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from functools import partial

import mininet.net
from mininet.log import setLogLevel
from mininet.net import Mininet
from mininet.node import OVSSwitch, RemoteController, Switch
from mininet.topo import LinearTopo, SingleSwitchTopo, Topo
from mininet.topolib import TreeTopo
from mininet.util import buildTopo

# Mininet.init() calls fixLimits(), which raises rlimits and writes
# sysctls, some of them machine-wide (kernel.pty.max, net.core.*mem_max):
# not ours to change. (It fails early here anyway, on the rlimits.)
mininet.net.fixLimits = lambda: None

# Refuse to run bare: through mnt_run this process is PID 1 of its own PID
# namespace (unshare --fork, then exec), inside the test's netns.
if (os.getpid() != 1 or not os.environ.get('MNT_WORK')) and \
        not os.environ.get('MNT_I_KNOW_WHAT_I_AM_DOING'):
    sys.stderr.write('%s: run me through mnt_run (mininet-tests/lib.sh), '
                     'inside private network, PID and mount namespaces\n'
                     % os.path.basename(sys.argv[0]))
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get('MNT_TOP') or os.path.dirname(HERE)
WORK = os.environ.get('MNT_WORK') or '/var/tmp'
LOGDIR = os.environ.get('MNT_LOGDIR') or os.path.join(WORK, 'log')
os.makedirs(LOGDIR, exist_ok=True)


class RingTopo(Topo):
    """n switches in a ring (s1-s2-...-sn-s1), host hI on port 1 of sI: a
    looped topology (the tutorial's exercise 5)."""

    def build(self, n=4):
        n = int(n)
        sws = [self.addSwitch('s%d' % (i + 1)) for i in range(n)]
        for i, sw in enumerate(sws):
            self.addLink(self.addHost('h%d' % (i + 1)), sw)
        for i in range(n):
            self.addLink(sws[i], sws[(i + 1) % n])


TOPOS = {'single': SingleSwitchTopo, 'linear': LinearTopo, 'tree': TreeTopo,
         'ring': RingTopo}


def out(line):
    sys.stdout.write(line + '\n')
    sys.stdout.flush()


class Report(object):
    """Counts checks; prints the plan first so that the caller can tell
    how many checks a script that died early did not get to."""

    def __init__(self, plan):
        self.plan = plan
        self.done = 0
        self.failed = 0
        self.t0 = time.time()
        out('1..%d' % plan)

    def check(self, cond, desc, diag=None):
        self.done += 1
        if os.environ.get('MNT_TIMING'):  # for tuning the harness by hand
            out('# at %.1fs' % (time.time() - self.t0))
        if cond:
            out('ok - %s' % desc)
        else:
            self.failed += 1
            out('not ok - %s' % desc)
            if diag:
                self.diag(diag)
        return bool(cond)

    def diag(self, text):
        for line in str(text).rstrip('\n').split('\n'):
            out('#   %s' % line)

    def skip_rest(self, why):
        """Marks the checks not reached as failed (a check that could not
        be made is not a pass)."""
        while self.done < self.plan:
            self.check(False, 'not reached: %s (%s)' % (
                why, os.path.basename(sys.argv[0])))

    def exit(self):
        sys.exit(1 if self.failed or self.done != self.plan else 0)


def run(argv, timeout=20, check=False):
    """Runs a short tool (ovs-vsctl, ovs-ofctl, ...) in our namespaces;
    returns (status, stdout+stderr)."""
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
    except subprocess.TimeoutExpired:
        return 124, '%s: timed out after %ss' % (argv[0], timeout)
    text = p.stdout.decode('utf-8', 'replace')
    if check and p.returncode != 0:
        raise RuntimeError('%s failed (%d): %s' % (' '.join(argv),
                                                  p.returncode, text))
    return p.returncode, text


def listening(port):
    """Is something in this netns listening on TCP port `port`? Reads
    /proc/net/tcp{,6} instead of connecting, so the controller never sees a
    stray probe connection."""
    for name in ('/proc/net/tcp', '/proc/net/tcp6'):
        try:
            with open(name) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    local, state = fields[1], fields[3]
                    if state == '0A' and int(local.rsplit(':', 1)[1],
                                             16) == port:
                        return True
        except (IOError, OSError, StopIteration):
            pass
    return False


def wait_for(pred, timeout, step=0.25):
    """Polls pred() until it is true or `timeout` seconds pass; returns
    its last value. Upper bounds only: nothing asserts how long it took."""
    end = time.time() + timeout
    while True:
        v = pred()
        if v or time.time() >= end:
            return v
        time.sleep(step)


class Controller(object):
    """One controller process, started and stopped by PID.

    app: 'learning' or 'hub'; idle/hard: learning flow timeouts;
    tls: dict(key=, cert=, ca=) to listen with pssl instead of ptcp;
    net: direct mode, dict(tap=NAME, ip=A/N (netstack's), peer=A/N (the
    kernel side of the tap)): of-controller --net tap:NAME,ip=A/N, and
    start() gives the tap its kernel address and waits until netstack
    answers ping (there is no kernel socket to watch)."""

    def __init__(self, name, port, app='learning', idle=None, hard=None,
                 tls=None, ip='127.0.0.1', extra=None, net=None):
        self.name = name
        self.port = port
        self.app = app
        self.idle = idle
        self.hard = hard
        self.tls = tls
        self.ip = ip
        self.extra = extra or []
        self.net = net
        if net:
            self.ip = '0.0.0.0'
            self.extra = ['--net', 'tap:%s,ip=%s' % (net['tap'], net['ip'])
                          ] + self.extra
        self.proc = None
        self.logpath = os.path.join(LOGDIR, '%s.log' % name)

    @staticmethod
    def command():
        cmd = os.environ.get('CTL_CMD') or os.path.join(
            TOP, 'build', 'bin', 'of-controller')
        return shlex.split(cmd)

    @classmethod
    def flavor(cls):
        f = os.environ.get('CTL_FLAVOR')
        if f:
            return f
        prog = os.path.basename(cls.command()[0])
        return 'ovs-testcontroller' if 'testcontroller' in prog \
            else 'of-controller'

    def argv(self):
        argv = self.command()
        if self.flavor() == 'ovs-testcontroller':
            argv += ['-O', 'OpenFlow10']
            if self.app == 'hub':
                argv.append('-H')
            if self.idle is not None:
                argv.append('--max-idle=%d' % self.idle)
            if self.tls:
                argv += ['-p', self.tls['key'], '-c', self.tls['cert'],
                         '-C', self.tls['ca'],
                         'pssl:%d:%s' % (self.port, self.ip)]
            else:
                argv.append('ptcp:%d:%s' % (self.port, self.ip))
        else:
            if self.tls:
                argv += ['--listen', 'pssl:%d:%s' % (self.port, self.ip),
                         '--private-key', self.tls['key'],
                         '--certificate', self.tls['cert'],
                         '--ca-cert', self.tls['ca']]
            else:
                argv += ['--listen', 'ptcp:%d:%s' % (self.port, self.ip)]
            app = self.app
            opts = []
            if self.idle is not None:
                opts.append('idle=%d' % self.idle)
            if self.hard is not None:
                opts.append('hard=%d' % self.hard)
            if opts:
                app += ':' + ','.join(opts)
            argv += ['--app', app, '--log-level',
                     os.environ.get('CTL_LOG_LEVEL', 'info')]
        return argv + self.extra

    def start(self, timeout=15):
        """Starts the controller and waits (bounded) until it listens.
        Returns True if it does."""
        argv = self.argv()
        log = open(self.logpath, 'ab')
        log.write(('=== %s: %s\n' % (time.strftime('%H:%M:%S'),
                                     ' '.join(argv))).encode())
        log.flush()
        # Own process group, so that stop() can reach helpers it forks.
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                     stdout=log, stderr=subprocess.STDOUT,
                                     cwd=WORK, start_new_session=True)
        log.close()
        if self.net:
            return self._start_direct(timeout)
        ok = wait_for(lambda: listening(self.port) or not self.alive(),
                      timeout)
        return bool(ok) and self.alive()

    def _start_direct(self, timeout):
        tap = self.net['tap']
        if not wait_for(lambda: os.path.exists('/sys/class/net/' + tap)
                        or not self.alive(), timeout) or not self.alive():
            return False
        run(['ip', 'addr', 'add', self.net['peer'], 'dev', tap])
        run(['ip', 'link', 'set', tap, 'up'])
        addr = self.net['ip'].split('/')[0]
        ok = wait_for(lambda: not self.alive() or run(
            ['ping', '-n', '-c', '1', '-W', '1', addr])[0] == 0, timeout)
        return bool(ok) and self.alive()

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self, sig=signal.SIGKILL):
        """Sends `sig` to the controller's process group (by PID) and
        reaps it."""
        if not self.alive():
            return
        try:
            os.killpg(self.proc.pid, sig)
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self):
        if not self.alive():
            return
        self.kill(signal.SIGTERM)

    def log_text(self):
        try:
            with open(self.logpath, 'rb') as f:
                return f.read().decode('utf-8', 'replace')
        except (IOError, OSError):
            return ''

    def log_tail(self, n=15):
        return '\n'.join(self.log_text().rstrip('\n').split('\n')[-n:])


class NoProbeRemoteController(RemoteController):
    """RemoteController whose constructor does not telnet to the
    controller's port (we check /proc/net/tcp instead)."""

    def checkListening(self):
        return


# of-switch nodes by name, so that the helpers below (connected, flows)
# can tell them from OVS bridges.
OF_SWITCHES = {}


def _socket_inodes(pid):
    """Socket inodes of process `pid` (from /proc/PID/fd)."""
    res = set()
    try:
        for fd in os.listdir('/proc/%d/fd' % pid):
            try:
                link = os.readlink('/proc/%d/fd/%s' % (pid, fd))
            except OSError:
                continue
            if link.startswith('socket:['):
                res.add(link[8:-1])
    except OSError:
        pass
    return res


def _established_to(pid, port):
    """True if process `pid` has an established TCP connection to remote
    port `port` (read from /proc, without touching the connection)."""
    inodes = _socket_inodes(pid)
    for name in ('/proc/net/tcp', '/proc/net/tcp6'):
        try:
            with open(name) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] == '01' and fields[9] in inodes and \
                            int(fields[2].rsplit(':', 1)[1], 16) == port:
                        return True
        except (IOError, OSError, StopIteration):
            pass
    return False


class OFSwitch(Switch):
    """A Mininet switch node that runs our of-switch (build/bin/of-switch,
    or SW_CMD) on the node's interfaces, with the OpenFlow port numbers
    Mininet assigned, the node's dpid, its controllers as --controller
    targets and a passive listener on 127.0.0.1:listenPort for
    ovs-ofctl. Started and stopped by PID (own process group).

    fail: 'secure' or 'standalone'; extra: more of-switch options."""

    next_listen = 6700

    def __init__(self, name, fail='secure', extra=None, **params):
        Switch.__init__(self, name, **params)
        self.fail = fail
        self.extra = extra or []
        self.proc = None
        self.ctl_ports = []
        if self.listenPort is None:
            self.listenPort = OFSwitch.next_listen
            OFSwitch.next_listen += 1
        self.logpath = os.path.join(LOGDIR, 'of-switch-%s.log' % name)
        OF_SWITCHES[name] = self

    @staticmethod
    def command():
        cmd = os.environ.get('SW_CMD') or os.path.join(
            TOP, 'build', 'bin', 'of-switch')
        return shlex.split(cmd)

    def target(self):
        return 'tcp:127.0.0.1:%d' % self.listenPort

    def start(self, controllers):
        argv = self.command()
        for intf in self.intfList():
            if intf.name != 'lo' and intf in self.ports:
                argv += ['--port', '%s:%d' % (intf.name, self.ports[intf])]
        for c in controllers:
            argv += ['--controller', '%s:%s:%d' % (
                getattr(c, 'protocol', 'tcp') or 'tcp', c.IP(), c.port)]
            self.ctl_ports.append(c.port)
        argv += ['--datapath-id', self.dpid, '--fail', self.fail,
                 '--listen', 'ptcp:%d:127.0.0.1' % self.listenPort,
                 '--log-level', os.environ.get('SW_LOG_LEVEL', 'info')]
        argv += self.extra
        log = open(self.logpath, 'ab')
        log.write(('=== %s: %s\n' % (time.strftime('%H:%M:%S'),
                                     ' '.join(argv))).encode())
        log.flush()
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                     stdout=log, stderr=subprocess.STDOUT,
                                     cwd=WORK, start_new_session=True)
        log.close()
        wait_for(lambda: listening(self.listenPort) or not self.alive(), 15)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, deleteIntfs=True):
        if self.alive():
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except OSError:
                    pass
                self.proc.wait(timeout=10)
        self.exitcode = self.proc.returncode if self.proc else None
        # The name may be an OVS bridge in the next network.
        if OF_SWITCHES.get(self.name) is self:
            del OF_SWITCHES[self.name]
        Switch.stop(self, deleteIntfs)

    def connected(self):
        return self.alive() and any(_established_to(self.proc.pid, p)
                                    for p in self.ctl_ports)

    def log_text(self):
        try:
            with open(self.logpath, 'rb') as f:
                return f.read().decode('utf-8', 'replace')
        except (IOError, OSError):
            return ''

    def log_tail(self, n=15):
        return '\n'.join(self.log_text().rstrip('\n').split('\n')[-n:])


def ofctl(name, *args):
    """ovs-ofctl ARGS... on switch `name` (an OVS bridge or an of-switch,
    through its passive listener); returns (status, output)."""
    sw = OF_SWITCHES.get(name)
    target = sw.target() if sw else name
    cmd = ['ovs-ofctl', '-O', 'OpenFlow10']
    if sw:
        cmd += ['-F', 'OpenFlow10', '--no-names']
    args = list(args)
    return run(cmd + args[:1] + [target] + args[1:])


def make_net(topo, port, protocol='tcp', kind='ovs', fail='secure',
             ctl_ip='127.0.0.1'):
    """Builds (not starts) a Mininet network: OVS userspace (netdev)
    switches speaking only OpenFlow 1.0, fail_mode secure (kind 'ovs'), or
    of-switch nodes (kind 'of', fail mode `fail`), or both alternating
    (kind 'mixed': s1, s3, ... OVS; s2, s4, ... of-switch); one remote
    controller at ctl_ip:port. Hosts get MACs 00:00:00:00:00:0N."""
    ovs = partial(OVSSwitch, failMode='secure', datapath='user',
                  protocols='OpenFlow10')
    ofs = partial(OFSwitch, fail=fail)
    t = buildTopo(TOPOS, topo)
    if kind == 'of':
        switch = ofs
    else:
        switch = ovs
    if kind == 'mixed':
        for i, n in enumerate(t.switches()):
            if i % 2:
                t.setNodeInfo(n, dict(t.nodeInfo(n), cls=ofs))
    net = Mininet(topo=t, switch=switch,
                  controller=None, autoSetMacs=True, build=False,
                  waitConnected=False)
    net.addController(NoProbeRemoteController('c0', ip=ctl_ip,
                                              port=port, protocol=protocol))
    net.build()
    return net


def start_net(net, default_links=False):
    """Starts the switches and prepares the hosts: no IPv6 (no stray
    router solicitations after a test's traffic stops) and, unless
    `default_links`, no TX checksum offload on the host's veth (OVS's
    userspace datapath forwards frames with partial checksums as they are,
    which breaks TCP; of-switch completes them, so its tests keep
    Mininet's default links)."""
    for h in net.hosts:
        h.cmd('sysctl -qw net.ipv6.conf.all.disable_ipv6=1 '
              'net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1')
        if default_links or os.environ.get('MNT_KEEP_TX_OFFLOAD'):
            continue
        for intf in h.intfList():
            if intf.name != 'lo':
                h.cmd('ethtool -K %s tx off >/dev/null 2>&1' % intf.name)
    net.start()


def stop_net(net):
    try:
        net.stop()
    except Exception as e:  # keep going: teardown in lib.sh cleans up
        out('# net.stop: %s' % e)


def bridge_connected(br):
    """True if OVS reports bridge `br` connected to one of its
    controllers (for an of-switch: it has a connection to one)."""
    if br in OF_SWITCHES:
        return OF_SWITCHES[br].connected()
    st, text = run(['ovs-vsctl', '-t', '5', 'get', 'Bridge', br,
                    'controller'])
    if st != 0:
        return False
    for uuid in re.findall(r'[0-9a-f-]{36}', text):
        st, v = run(['ovs-vsctl', '-t', '5', 'get', 'Controller', uuid,
                     'is_connected'])
        if st == 0 and v.strip() == 'true':
            return True
    return False


def bridge_config_errors(names):
    """Checks that each bridge is what the tests claim: userspace
    datapath, OpenFlow 1.0 only, fail_mode secure. Returns mismatches."""
    want = {'datapath_type': 'netdev', 'protocols': '["OpenFlow10"]',
            'fail_mode': 'secure'}
    errs = []
    for n in names:
        for col, val in sorted(want.items()):
            st, v = run(['ovs-vsctl', '-t', '5', 'get', 'Bridge', n, col])
            if st != 0 or v.strip().replace('"', '') != val.replace('"',
                                                                     ''):
                errs.append('%s %s=%s' % (n, col, v.strip()))
    return errs


def controller_status(br):
    """The status column(s) of bridge br's Controller records (for
    diagnostics: state, last_error, ...)."""
    st, text = run(['ovs-vsctl', '-t', '5', 'get', 'Bridge', br,
                    'controller'])
    res = []
    for uuid in re.findall(r'[0-9a-f-]{36}', text):
        st, v = run(['ovs-vsctl', '-t', '5', 'get', 'Controller', uuid,
                     'status'])
        res.append(v.strip())
    return '; '.join(res)


def wait_connected(names, timeout):
    """Waits (bounded) until every bridge in `names` is connected; returns
    the list of those that are not."""
    left = list(names)

    def pred():
        for n in list(left):
            if bridge_connected(n):
                left.remove(n)
        return not left
    wait_for(pred, timeout, step=0.5)
    return left


def wait_disconnected(names, timeout):
    """Waits (bounded) until no bridge in `names` is connected; returns
    those still connected."""
    def still():
        return [n for n in names if bridge_connected(n)]
    wait_for(lambda: not still(), timeout, step=0.5)
    return still()


def dump_flows(br):
    """Flow lines of `ovs-ofctl -O OpenFlow10 dump-flows br` (without the
    reply header)."""
    st, text = ofctl(br, 'dump-flows')
    if st != 0:
        return None
    return [l.strip() for l in text.split('\n')
            if l.strip() and 'actions=' in l]


HOST_MAC = re.compile(r'dl_src=00:00:00:00:00:[0-9a-f]{2}.*'
                      r'dl_dst=00:00:00:00:00:[0-9a-f]{2}|'
                      r'dl_dst=00:00:00:00:00:[0-9a-f]{2}.*'
                      r'dl_src=00:00:00:00:00:[0-9a-f]{2}')


def learned_flows(br):
    """The flows of `br` that a learning switch installed for a pair of
    our hosts (match on both a host source and a host destination MAC)."""
    flows = dump_flows(br)
    if flows is None:
        return None
    return [f for f in flows if HOST_MAC.search(f)]


def pingall(net, timeout=2):
    """Mininet's pingall (every host pings every other once); returns the
    loss in percent. `timeout` is ping's -W per ping."""
    return net.pingAll(timeout=str(timeout))


def main_wrapper(report, body):
    """Runs body(); any exception becomes a failed check and the
    remaining checks are counted as failed, never as passed."""
    setLogLevel(os.environ.get('MNT_LOGLEVEL', 'info'))
    try:
        body()
    except Exception as e:
        import traceback
        traceback.print_exc()
        report.check(False, 'scenario raised %s: %s' % (type(e).__name__, e))
    report.skip_rest('the scenario stopped after a failed check')
    report.exit()
