/* of-ctl's flow-table commands. */
#include "ofctl_flows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "of_parse.h"
#include "of_print.h"
#include "ofctl_conn.h"

/* Most flows one file or one switch may hold for replace-flows. */
#define MAX_FLOWS 1000000

/* An encoded message waiting to be sent. */
struct pending {
	uint8_t *buf;
	size_t size;
};

struct pending_list {
	struct pending *v;
	size_t n, cap;
};

static void pending_add(struct pending_list *l, const struct of_msg *m)
{
	uint8_t buf[OFCTL_MSG_MAX];
	size_t len;
	enum of_err e = of_encode(m, buf, sizeof(buf), &len);

	if (e != OF_OK)
		ofctl_fatal("cannot encode flow_mod (%s)", of_err_str(e));
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct pending *v = realloc(l->v, cap * sizeof(*v));
		if (!v || l->n >= MAX_FLOWS)
			ofctl_fatal("too many flows");
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].buf = malloc(len);
	if (!l->v[l->n].buf)
		ofctl_fatal("out of memory");
	memcpy(l->v[l->n].buf, buf, len);
	l->v[l->n].size = len;
	l->n++;
}

static void pending_free(struct pending_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].buf);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* Sends each pending message followed by a barrier; on the first error
 * reply prints it on stderr and exits 1, as ovs-ofctl does. */
static void run_pending(struct ofctl_conn *c, struct pending_list *l)
{
	/* xids are given out now, all FLOW_MODs first and then one barrier
	 * after each, so the sequence on the wire is ovs-ofctl's. */
	for (size_t i = 0; i < l->n; i++) {
		uint32_t xid = ofctl_xid();
		l->v[i].buf[4] = (uint8_t)(xid >> 24);
		l->v[i].buf[5] = (uint8_t)(xid >> 16);
		l->v[i].buf[6] = (uint8_t)(xid >> 8);
		l->v[i].buf[7] = (uint8_t)xid;
	}
	for (size_t i = 0; i < l->n; i++) {
		struct of_msg m, reply;
		(void)of_decode(l->v[i].buf, l->v[i].size, &m);
		if (ofctl_transact_noreply(c, &m, &reply)) {
			ofctl_print(stderr, &reply);
			exit(1);
		}
	}
}

/* Parses one flow text for `use` into a FLOW_MOD with a fresh xid and
 * queues it. `where` prefixes error messages (NULL: none). */
static void queue_flow(struct pending_list *l, const char *text,
		       enum of_parse_use use, const char *where)
{
	static uint8_t acts[OFCTL_MSG_MAX];
	struct of_flow_text ft;
	char err[512];
	struct of_msg m;
	enum of_err e =
	    of_parse_flow(text, use, &ft, acts, sizeof(acts), err, sizeof(err));

	if (e == OF_E_NOSPACE)
		snprintf(err, sizeof(err), "too many actions");
	if (e != OF_OK) {
		if (where)
			ofctl_fatal("%s: %s", where, err);
		ofctl_fatal("%s", err);
	}
	if (ft.table_given && ft.table_id != 0xff && ft.table_id != 0)
		ofctl_fatal("table=%u: only table 0 is supported with "
			    "OpenFlow 1.0",
			    ft.table_id);
	of_msg_init(&m, OFPT_FLOW_MOD, 0);
	m.u.flow_mod = ft.fm;
	pending_add(l, &m);
}

static enum of_parse_use use_for(int command, bool strict)
{
	switch (command) {
	case OFPFC_MODIFY:
	case OFPFC_MODIFY_STRICT:
		return strict ? OF_PARSE_MODIFY_STRICT : OF_PARSE_MODIFY;
	case OFPFC_DELETE:
	case OFPFC_DELETE_STRICT:
		return strict ? OF_PARSE_DELETE_STRICT : OF_PARSE_DELETE;
	default:
		return OF_PARSE_ADD;
	}
}

/* add-flow / mod-flows / del-flows: parse first, then one FLOW_MOD and a
 * barrier on a fresh connection; exits 1 on any error. */
void ofctl_flow_mod_cmd(const char *target, const char *flow, int command,
			bool strict)
{
	struct pending_list l = {0};
	struct ofctl_conn *c;

	/* Parse before connecting, so bad syntax never touches the switch. */
	queue_flow(&l, flow ? flow : "", use_for(command, strict), NULL);
	c = ofctl_open(target);
	run_pending(c, &l);
	ofctl_close(c);
	pending_free(&l);
}

/* Reads the next line of `f` into a growing buffer, without its newline.
 * Returns false at end of file. */
static bool read_line(FILE *f, char **line, size_t *cap)
{
	ssize_t n = getline(line, cap, f);

	if (n < 0)
		return false;
	while (n > 0 && ((*line)[n - 1] == '\n' || (*line)[n - 1] == '\r'))
		(*line)[--n] = '\0';
	return true;
}

/* Strips a '#' comment and surrounding blanks; returns the text or NULL if
 * nothing is left. */
static char *clean_line(char *line)
{
	char *hash = strchr(line, '#');
	size_t n;

	if (hash)
		*hash = '\0';
	line += strspn(line, " \t");
	n = strlen(line);
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		line[--n] = '\0';
	return *line ? line : NULL;
}

static FILE *open_input(const char *file)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;

	if (!f)
		ofctl_fatal("%s: open failed", file);
	return f;
}

/* Reads every flow of `file` as add-flows does. With `keywords`, a leading
 * add/modify/delete[_strict] word picks the command. */
static void read_flow_file(const char *file, bool keywords,
			   struct pending_list *l)
{
	static const struct {
		const char *word;
		int command;
		bool strict;
	} words[] = {
	    {"add", OFPFC_ADD, false},
	    {"modify", OFPFC_MODIFY, false},
	    {"modify_strict", OFPFC_MODIFY, true},
	    {"delete", OFPFC_DELETE, false},
	    {"delete_strict", OFPFC_DELETE, true},
	};
	FILE *f = open_input(file);
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;

	while (read_line(f, &line, &cap)) {
		char where[512];
		char *text;
		int command = OFPFC_ADD;
		bool strict = false;

		lineno++;
		text = clean_line(line);
		if (!text)
			continue;
		if (keywords) {
			size_t n = strcspn(text, ", \t");
			for (size_t i = 0; i < sizeof(words) / sizeof(words[0]);
			     i++) {
				if (strlen(words[i].word) == n &&
				    !strncmp(text, words[i].word, n)) {
					command = words[i].command;
					strict = words[i].strict;
					text += n;
					text += strspn(text, ", \t");
					break;
				}
			}
		}
		snprintf(where, sizeof(where), "%s:%u", file, lineno);
		queue_flow(l, text, use_for(command, strict), where);
	}
	free(line);
	if (f != stdin)
		fclose(f);
}

/* add-flows: every line parsed before connecting, then sent in order. */
void ofctl_add_flows_cmd(const char *target, const char *file)
{
	struct pending_list l = {0};
	struct ofctl_conn *c;

	read_flow_file(file, true, &l);
	c = ofctl_open(target);
	run_pending(c, &l);
	ofctl_close(c);
	pending_free(&l);
}

/* One flow as replace-flows compares it: priority and match as text (so
 * that equal matches compare equal however their hidden fields are set),
 * and the attributes that make two versions differ. */
struct flow_entry {
	char *key;     /* "priority=N,MATCH" */
	char *actions; /* printed actions */
	uint64_t cookie;
	uint16_t idle, hard;
	struct of_match match;
	uint16_t priority;
	bool seen; /* matched by the other side */
	size_t index;
};

struct flow_set {
	struct flow_entry *v;
	size_t n, cap;
};

static char *text_dup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		ofctl_fatal("out of memory");
	return d;
}

static void set_add(struct flow_set *s, const struct of_match *match,
		    uint16_t priority, struct of_bytes actions, uint64_t cookie,
		    uint16_t idle, uint16_t hard, size_t index)
{
	static char buf[OFCTL_MSG_MAX * 8];
	struct of_text t;
	struct flow_entry *e;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct flow_entry *v = realloc(s->v, cap * sizeof(*v));
		if (!v || s->n >= MAX_FLOWS)
			ofctl_fatal("too many flows");
		s->v = v;
		s->cap = cap;
	}
	e = &s->v[s->n++];
	memset(e, 0, sizeof(*e));
	of_text_init(&t, buf, sizeof(buf));
	of_text_printf(&t, "priority=%u,", priority);
	of_print_match(&t, match);
	e->key = text_dup(buf);
	of_text_init(&t, buf, sizeof(buf));
	of_print_actions(&t, actions);
	e->actions = text_dup(buf);
	e->cookie = cookie;
	e->idle = idle;
	e->hard = hard;
	e->match = *match;
	e->priority = priority;
	e->index = index;
}

static void set_free(struct flow_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].key);
		free(s->v[i].actions);
	}
	free(s->v);
}

static int cmp_key(const void *a, const void *b)
{
	const struct flow_entry *x = a, *y = b;
	int r = strcmp(x->key, y->key);

	if (r)
		return r;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int cmp_index(const void *a, const void *b)
{
	const struct flow_entry *x = a, *y = b;

	return x->index < y->index ? -1 : x->index > y->index;
}

/* Dumps every flow of the switch into `s` (all tables, match all). */
static void read_switch_flows(struct ofctl_conn *c, struct flow_set *s)
{
	struct of_msg req, m;
	size_t total = 0;

	of_msg_init(&req, OFPT_STATS_REQUEST, ofctl_xid());
	req.u.stats_request.type = OFPST_FLOW;
	of_match_init_catchall(&req.u.stats_request.u.flow.match);
	req.u.stats_request.u.flow.table_id = 0xff;
	req.u.stats_request.u.flow.out_port = OFPP_NONE;
	ofctl_send(c, &req);
	for (;;) {
		struct of_iter it;
		struct of_flow_stats fs;

		ofctl_recv_or_die(c, &m);
		if (m.h.xid != req.h.xid)
			continue;
		total += c->msg_size;
		if (total > ofctl_opts.max_total)
			ofctl_fatal("%s: replies exceed %zu bytes", c->name,
				    ofctl_opts.max_total);
		if (m.h.type == OFPT_ERROR) {
			ofctl_print(stderr, &m);
			exit(1);
		}
		if (m.h.type != OFPT_STATS_REPLY || m.raw ||
		    m.u.stats_reply.type != OFPST_FLOW)
			ofctl_fatal("%s: received bad reply to flow stats "
				    "request",
				    c->name);
		it = of_iter_make(m.u.stats_reply.u.entries);
		while (of_flow_stats_next(&it, &fs))
			set_add(s, &fs.match, fs.priority, fs.actions,
				fs.cookie, fs.idle_timeout, fs.hard_timeout,
				s->n);
		if (!(m.u.stats_reply.flags & OFPSF_REPLY_MORE))
			break;
	}
}

static void queue_delete_strict(struct pending_list *l,
				const struct flow_entry *e)
{
	struct of_msg m;

	of_msg_init(&m, OFPT_FLOW_MOD, 0);
	m.u.flow_mod.match = e->match;
	m.u.flow_mod.command = OFPFC_DELETE_STRICT;
	m.u.flow_mod.priority = e->priority;
	m.u.flow_mod.buffer_id = OFP_NO_BUFFER;
	m.u.flow_mod.out_port = OFPP_NONE;
	pending_add(l, &m);
}

/* replace-flows: dump, diff by priority+match, delete then add. */
void ofctl_replace_flows_cmd(const char *target, const char *file, bool readd)
{
	struct pending_list file_msgs = {0}, todo = {0};
	struct flow_set want = {0}, have = {0};
	struct ofctl_conn *c;
	size_t i, j;

	read_flow_file(file, false, &file_msgs);
	for (i = 0; i < file_msgs.n; i++) {
		struct of_msg m;
		(void)of_decode(file_msgs.v[i].buf, file_msgs.v[i].size, &m);
		set_add(&want, &m.u.flow_mod.match, m.u.flow_mod.priority,
			m.u.flow_mod.actions, m.u.flow_mod.cookie,
			m.u.flow_mod.idle_timeout, m.u.flow_mod.hard_timeout,
			i);
	}

	c = ofctl_open(target);
	read_switch_flows(c, &have);

	/* Pair the two sides by key: sort both, walk them together. A key
	 * repeated in the file keeps its last version, as a later ADD
	 * would. */
	qsort(want.v, want.n, sizeof(*want.v), cmp_key);
	qsort(have.v, have.n, sizeof(*have.v), cmp_key);
	for (i = 0, j = 0; i < want.n && j < have.n;) {
		int r = strcmp(want.v[i].key, have.v[j].key);
		if (r < 0) {
			i++;
		} else if (r > 0) {
			j++;
		} else {
			size_t last = i;
			while (last + 1 < want.n &&
			       !strcmp(want.v[last + 1].key, want.v[i].key))
				last++;
			const struct flow_entry *w = &want.v[last];
			const struct flow_entry *h = &have.v[j];
			have.v[j].seen = true;
			if (!readd && w->cookie == h->cookie &&
			    w->idle == h->idle && w->hard == h->hard &&
			    !strcmp(w->actions, h->actions)) {
				for (size_t k = i; k <= last; k++)
					want.v[k].seen = true;
			}
			i = last + 1;
			j++;
		}
	}
	qsort(want.v, want.n, sizeof(*want.v), cmp_index);
	qsort(have.v, have.n, sizeof(*have.v), cmp_index);

	for (j = 0; j < have.n; j++)
		if (!have.v[j].seen)
			queue_delete_strict(&todo, &have.v[j]);
	for (i = 0; i < want.n; i++) {
		struct of_msg m;
		if (want.v[i].seen)
			continue;
		(void)of_decode(file_msgs.v[i].buf, file_msgs.v[i].size, &m);
		pending_add(&todo, &m);
	}
	run_pending(c, &todo);
	ofctl_close(c);
	pending_free(&todo);
	pending_free(&file_msgs);
	set_free(&want);
	set_free(&have);
}
