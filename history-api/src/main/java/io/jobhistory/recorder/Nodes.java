package io.jobhistory.recorder;

import java.net.InetAddress;

/** The default node name: this host's name, looked up once per process (a slow resolver is asked only once). */
final class Nodes {

    private Nodes() {
    }

    static String hostName() {
        return Holder.HOST_NAME;
    }

    private static final class Holder {
        static final String HOST_NAME = lookUp();

        private static String lookUp() {
            try {
                String name = InetAddress.getLocalHost().getHostName();
                if (name != null && !name.isBlank()) {
                    return name;
                }
            } catch (Exception e) {
                // fall back to the environment
            }
            for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
                String value = System.getenv(variable);
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
            return "unknown";
        }
    }
}
