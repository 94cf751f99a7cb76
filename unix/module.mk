# unix/: the Unix platform (libevent 2.1, OpenSSL 3) and the daemons' main()s.
