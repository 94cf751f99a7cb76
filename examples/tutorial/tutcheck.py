"""Shared pieces of the tutorial's checkers (N-EX/check.py) and of the
interactive lab (lab.py). Run only through examples/tutorial/check.sh or
lab.sh, which start them with mnt_run's private network, PID and mount
namespaces (mininet-tests/lib.sh); mnt refuses to run otherwise.

The controller is CTL_CMD: the exercise's of-controller, with the app
being checked compiled in (examples/tutorial/tutorial.mk)."""

import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get('MNT_TOP') or os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, 'mininet-tests'))

import mnt  # noqa: E402  (needs the path above)

out = mnt.out

# Each exercise's network and controller, by its name in tutorial.mk's
# TUT_EXERCISES (which maps names to folders): what `make lab-EX` starts
# (lab.py) and what the checkers run. topo: a Mininet topology string
# (mnt.TOPOS); apps: the --app arguments in order, '{dir}' standing for the
# exercise's folder (absolute); opts: more of-controller options. The
# checkers add `monitor:noecho` where they count messages; so does a lab
# with MONITOR=1.
LABS = {
    'hub': dict(topo='single,3', apps=['my-hub']),
    'learning': dict(topo='tree,depth=2,fanout=2', apps=['my-learning']),
    'firewall': dict(topo='single,4',
                     apps=['my-firewall:rules={dir}/rules.txt', 'learning']),
    'lb': dict(topo='single,5', apps=['my-lb', 'learning']),
    'topo': dict(topo='ring,4', apps=['my-topo'], opts=['--threads', '1']),
}
MONITOR_APP = 'monitor:noecho'


def lab_apps(ex, folder, monitor=False):
    """The --app arguments of exercise ex (a LABS key) whose folder is
    `folder`, plus the monitor app if `monitor`."""
    apps = [a.replace('{dir}', os.path.abspath(folder))
            for a in LABS[ex]['apps']]
    return apps + ([MONITOR_APP] if monitor else [])


def lab_controller(ex, folder, name, port, monitor=False):
    """An mnt.Controller running exercise ex's apps (lab_apps) and
    options."""
    apps = lab_apps(ex, folder, monitor)
    extra = []
    for a in apps[1:]:
        extra += ['--app', a]
    return mnt.Controller(name, port, app=apps[0],
                          extra=extra + list(LABS[ex].get('opts', [])))


class Checker(mnt.Report):
    """mnt.Report whose failures carry a hint: what to look at to fix
    them, in plain words."""

    def check(self, cond, desc, hint=None, diag=None):
        res = mnt.Report.check(self, cond, desc)
        if not res:
            if hint:
                for i, line in enumerate(hint.strip().split('\n')):
                    out('#   %s%s' % ('hint: ' if i == 0 else '      ',
                                     line.strip()))
            if diag:
                self.diag(diag)
        return res

    def summary(self, what):
        if self.failed == 0 and self.done == self.plan:
            out('# all %d checks pass: %s works' % (self.plan, what))
        else:
            out('# %d of %d checks fail: %s is not done yet (see the '
                'hints above)' % (self.failed + self.plan - self.done,
                                  self.plan, what))


def controller(name, port, app, more_apps=()):
    """An mnt.Controller for `--app APP [--app MORE]...`."""
    extra = []
    for a in more_apps:
        extra += ['--app', a]
    return mnt.Controller(name, port, app=app, extra=extra)


def count(ctl, what):
    """How many messages of type `what` ('PACKET_IN', 'PACKET_OUT',
    'FLOW_MOD') the monitor app logged so far in ctl's log."""
    pat = re.compile(r'monitor: .*OFPT_%s\b' % what)
    return sum(1 for l in ctl.log_text().split('\n') if pat.search(l))


def crashed(ctl):
    """A hint if the controller died (its exit status and log tail)."""
    if ctl.alive():
        return None
    return 'the controller exited (status %s); last lines of its log:\n%s' % (
        ctl.proc.returncode if ctl.proc else '?', ctl.log_tail(8))


def ping_pair(a, b, timeout=1, count_=2):
    """True if host a reaches host b with ping (count_ tries)."""
    res = a.cmd('ping -n -c %d -W %d %s' % (count_, timeout, b.IP()))
    m = re.search(r'(\d+) received', res)
    return bool(m and int(m.group(1)) > 0)


def settle(secs=1.0):
    time.sleep(secs)
