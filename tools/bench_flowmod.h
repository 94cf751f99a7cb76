/* of-bench flow-mods: the flow-mod installation rate of an OpenFlow 1.0
 * switch, measured through its passive management listener. */
#ifndef BENCH_FLOWMOD_H
#define BENCH_FLOWMOD_H

/* Runs `of-bench flow-mods ARGS...`: argv[0] is "flow-mods". Connects to
 * the target, clears the flow table, sends --count distinct ADD flow-mods
 * back to back and one BARRIER_REQUEST, times them up to the BARRIER_REPLY
 * and checks the flow count with an AGGREGATE stats request. Prints a
 * "RESULT mode=flow-mods ..." line. Returns the exit status: 0 every flow
 * installed, 1 a connection failure, an OFPT_ERROR, a timeout or a count
 * that does not add up, 2 a bad command line. */
int bench_flowmod_main(int argc, char **argv);

#endif
