package dev.jdx.image.source.daemon;

/** An Engine API version {@code MAJOR.MINOR}, ordered numerically (1.9 < 1.24 < 1.41). */
record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
    /** The newest API jdx speaks: every endpoint it uses is unchanged up to here. */
    static final ApiVersion CLIENT_MAX = new ApiVersion(1, 43);
    /** The oldest API jdx accepts: {@code images/{name}/get} and {@code /version}'s MinAPIVersion are older. */
    static final ApiVersion CLIENT_MIN = new ApiVersion(1, 24);

    static ApiVersion parse(String s) {
        if (s == null) throw new IllegalArgumentException("no API version");
        String t = s.trim();
        if (t.startsWith("v")) t = t.substring(1);
        int dot = t.indexOf('.');
        try {
            if (dot < 0) throw new NumberFormatException();
            return new ApiVersion(Integer.parseInt(t.substring(0, dot)), Integer.parseInt(t.substring(dot + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed API version '" + s + "'");
        }
    }

    /**
     * The version to speak with a daemon whose newest API is {@code daemonMax} and oldest {@code daemonMin} (may be
     * null): the lower of both maxima, and never below either minimum.
     */
    static ApiVersion negotiate(ApiVersion daemonMax, ApiVersion daemonMin, String who) throws DaemonApiException {
        ApiVersion v = daemonMax.compareTo(CLIENT_MAX) < 0 ? daemonMax : CLIENT_MAX;
        if (v.compareTo(CLIENT_MIN) < 0) {
            throw new DaemonApiException(who + " API version too old: it speaks " + daemonMax + ", jdx needs at least " + CLIENT_MIN);
        }
        if (daemonMin != null && daemonMin.compareTo(v) > 0) {
            throw new DaemonApiException(who + " API version too new: it requires at least " + daemonMin + ", jdx speaks up to " + CLIENT_MAX);
        }
        return v;
    }

    @Override
    public int compareTo(ApiVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
