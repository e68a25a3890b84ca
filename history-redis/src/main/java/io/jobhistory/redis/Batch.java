package io.jobhistory.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Response;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.util.SafeEncoder;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * Many commands sent in one pipeline: on a cluster, where their keys live in different slots, one round trip per node
 * ({@link #run}); on a single server one round trip ({@link #runOnServer}). Both topologies use {@link #run} for
 * overviews ({@link IndexReads}), and a single server uses {@link #runOnServer} for its saves.
 *
 * <p>A Jedis cluster pipeline neither follows MOVED/ASK nor refreshes the client's slot map, and fails in odd ways when
 * a node is gone; so with {@link #run} every command whose pipelined reply is not a plain answer (MOVED, ASK,
 * CLUSTERDOWN, a broken connection, an unread reply) runs once more alone, through the client, which follows
 * redirections and refreshes its slot map. Only idempotent commands go in a batch, so running one twice is safe. A
 * batch of one command is sent alone, not pipelined.
 */
final class Batch {

    /** The reply of a command on a key that holds another Redis type. */
    static final Object WRONG_TYPE = new Object() {
        @Override
        public String toString() {
            return "WRONGTYPE";
        }
    };

    /** One command of a batch. */
    interface Op {
        /** Queues the command on a pipeline. */
        Response<?> queue(AbstractPipeline pipeline);

        /** Runs the command alone through the client. */
        Object run(UnifiedJedis jedis);
    }

    private Batch() {
    }

    /**
     * The replies of {@code ops}, in order; {@link #WRONG_TYPE} for a real WRONGTYPE reply.
     *
     * @throws RuntimeException the client's exception when a command failed also when run alone
     */
    static List<Object> run(UnifiedJedis jedis, List<? extends Op> ops) {
        List<Response<?>> responses = new ArrayList<>(ops.size());
        if (ops.size() > 1) {
            try (AbstractPipeline pipeline = Pipelines.open(jedis)) {
                for (Op op : ops) {
                    responses.add(op.queue(pipeline));
                }
                pipeline.sync();
            } catch (RuntimeException e) {
                // a node unreachable or a slot moved: the commands without a reply run alone below
            }
        }
        List<Object> replies = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            Object reply;
            try {
                if (i >= responses.size()) {
                    throw new IllegalStateException("not sent");
                }
                reply = responses.get(i).get();
            } catch (RuntimeException pipelined) {
                if (RedisHistoryException.isWrongType(pipelined)) {
                    replies.add(WRONG_TYPE);
                    continue;
                }
                try {
                    reply = ops.get(i).run(jedis);
                } catch (JedisDataException e) {
                    if (RedisHistoryException.isWrongType(e)) {
                        replies.add(WRONG_TYPE);
                        continue;
                    }
                    throw e;
                }
            }
            replies.add(reply);
        }
        return replies;
    }

    /**
     * The replies of {@code ops} on a single server, in one pipeline; {@link #WRONG_TYPE} for a real WRONGTYPE reply.
     * Unlike {@link #run} a broken connection or a timeout fails the whole call at once (there are no redirections to
     * follow, and running the commands again alone would only wait longer); only a script the server's cache lost
     * (NOSCRIPT) runs once more alone, by EVAL.
     *
     * @throws RuntimeException the client's exception when the pipeline or a command failed
     */
    static List<Object> runOnServer(UnifiedJedis jedis, List<? extends Op> ops) {
        if (ops.isEmpty()) {
            return List.of();
        }
        if (ops.size() == 1) {
            return run(jedis, ops);
        }
        List<Response<?>> responses = new ArrayList<>(ops.size());
        try (AbstractPipeline pipeline = Pipelines.open(jedis)) {
            for (Op op : ops) {
                responses.add(op.queue(pipeline));
            }
            pipeline.sync();
        }
        List<Object> replies = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            try {
                replies.add(responses.get(i).get());
            } catch (JedisDataException e) {
                if (RedisHistoryException.isWrongType(e)) {
                    replies.add(WRONG_TYPE);
                } else if (Script.isNoScript(e)) {
                    replies.add(run(jedis, List.of(ops.get(i))).get(0));
                } else {
                    throw e;
                }
            }
        }
        return replies;
    }

    /** A SET of {@code key} to {@code value} with a TTL of {@code ttlMillis}. */
    static Op set(String key, String value, long ttlMillis) {
        return op(pipeline -> pipeline.set(key, value, SetParams.setParams().px(ttlMillis)),
                jedis -> jedis.set(key, value, SetParams.setParams().px(ttlMillis)));
    }

    /** A ZADD of {@code member} at {@code score} to {@code key}. */
    static Op zadd(String key, double score, String member) {
        return op(pipeline -> pipeline.zadd(key, score, member), jedis -> jedis.zadd(key, score, member));
    }

    /** A ZCARD of {@code key}. */
    static Op zcard(String key) {
        return op(pipeline -> pipeline.zcard(key), jedis -> jedis.zcard(key));
    }

    /** A PEXPIRE of {@code key}. */
    static Op pexpire(String key, long ttlMillis) {
        return op(pipeline -> pipeline.pexpire(key, ttlMillis), jedis -> jedis.pexpire(key, ttlMillis));
    }

    /** A ZRANGE of {@code key} by rank, lowest score first, without scores. */
    static Op zrange(String key, long start, long stop) {
        return op(pipeline -> pipeline.zrange(key, start, stop), jedis -> jedis.zrange(key, start, stop));
    }

    /** A DEL of {@code keys}, which must be in one slot (or on a single server). */
    static Op del(String... keys) {
        return op(pipeline -> pipeline.del(keys), jedis -> jedis.del(keys));
    }

    /** The members of {@code key} scored in {@code [min, max]} (Redis syntax), highest first, at most {@code count}. */
    static Op zrevrangeByScore(String key, String max, String min, int count) {
        return op(pipeline -> pipeline.zrevrangeByScore(key, max, min, 0, count),
                jedis -> jedis.zrevrangeByScore(key, max, min, 0, count));
    }

    /** An HGETALL of {@code key}. */
    static Op hgetAll(String key) {
        return op(pipeline -> pipeline.hgetAll(key), jedis -> jedis.hgetAll(key));
    }

    /** A GET of {@code key}. */
    static Op get(String key) {
        return op(pipeline -> pipeline.get(key), jedis -> jedis.get(key));
    }

    /** An MGET of {@code keys}, which must be in one slot (or on a single server). */
    static Op mget(String[] keys) {
        return op(pipeline -> pipeline.mget(keys), jedis -> jedis.mget(keys));
    }

    /** A ZMSCORE of {@code members} in {@code key}: their scores, null for those not in it. */
    static Op zmscore(String key, String[] members) {
        return op(pipeline -> pipeline.zmscore(key, members), jedis -> jedis.zmscore(key, members));
    }

    /**
     * A command by name, its reply as the client reads it raw (bulk strings as bytes). Its keys are marked for a
     * cluster's routing: the first argument, or for EVAL those its key count gives.
     */
    static Op command(String... commandAndArgs) {
        return op(pipeline -> pipeline.sendCommand(arguments(commandAndArgs)),
                jedis -> jedis.executeCommand(arguments(commandAndArgs)));
    }

    /**
     * The same command through the client's typed methods, which a cluster routes by key: BITFIELD, ZADD (with GT),
     * HSET, HGET, and EVAL of {@link LuaScripts#CLAIM} (as EVALSHA); any other as {@link #command}.
     */
    static Op typed(String... c) {
        String key = c.length > 1 ? c[1] : null;
        switch (c[0]) {
            case "BITFIELD": {
                String[] rest = java.util.Arrays.copyOfRange(c, 2, c.length);
                return op(pipeline -> pipeline.bitfield(key, rest), jedis -> jedis.bitfield(key, rest));
            }
            case "ZADD": {
                java.util.Map<String, Double> members = new java.util.LinkedHashMap<>();
                boolean gt = c[2].equals("GT");
                for (int i = gt ? 3 : 2; i + 1 < c.length; i += 2) {
                    members.put(c[i + 1], Double.parseDouble(c[i]));
                }
                redis.clients.jedis.params.ZAddParams params = redis.clients.jedis.params.ZAddParams.zAddParams();
                if (gt) {
                    params.gt();
                }
                return op(pipeline -> pipeline.zadd(key, members, params), jedis -> jedis.zadd(key, members, params));
            }
            case "HSET": {
                java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
                for (int i = 2; i + 1 < c.length; i += 2) {
                    fields.put(c[i], c[i + 1]);
                }
                return op(pipeline -> pipeline.hset(key, fields), jedis -> jedis.hset(key, fields));
            }
            case "HGET":
                return op(pipeline -> pipeline.hget(key, c[2]), jedis -> jedis.hget(key, c[2]));
            case "EVAL": {
                int n = Integer.parseInt(c[2]);
                List<String> keys = List.of(java.util.Arrays.copyOfRange(c, 3, 3 + n));
                List<String> args = List.of(java.util.Arrays.copyOfRange(c, 3 + n, c.length));
                return script(LuaScripts.CLAIM, keys, args);
            }
            default:
                return command(c);
        }
    }

    private static CommandArguments arguments(String... c) {
        CommandArguments args = new CommandArguments(() -> SafeEncoder.encode(c[0]));
        int keysFrom = 1;
        int keysTo = c.length > 1 ? 2 : 1;
        if (c[0].equals("EVAL") || c[0].equals("EVALSHA")) {
            keysFrom = 3;
            keysTo = 3 + Integer.parseInt(c[2]);
        }
        for (int i = 1; i < c.length; i++) {
            if (i >= keysFrom && i < keysTo) {
                args.key(c[i]);
            } else {
                args.add(c[i]);
            }
        }
        return args;
    }

    /**
     * MULTI, the commands, EXEC: one op whose reply is EXEC's (a list, one reply per command; an error as the
     * exception), so the commands run atomically within a single server's pipeline.
     */
    static Op transaction(List<String[]> commands) {
        ProtocolCommand multi = () -> SafeEncoder.encode("MULTI");
        ProtocolCommand exec = () -> SafeEncoder.encode("EXEC");
        Function<AbstractPipeline, Response<?>> queue = pipeline -> {
            pipeline.sendCommand(multi, new String[0]);
            for (String[] c : commands) {
                pipeline.sendCommand(arguments(c));
            }
            return pipeline.sendCommand(exec, new String[0]);
        };
        return op(queue, jedis -> {
            try (AbstractPipeline pipeline = Pipelines.open(jedis)) {
                Response<?> reply = queue.apply(pipeline);
                pipeline.sync();
                return reply.get();
            }
        });
    }

    /** A ZREM of {@code members} from {@code key}. */
    static Op zrem(String key, String[] members) {
        return op(pipeline -> pipeline.zrem(key, members), jedis -> jedis.zrem(key, members));
    }

    /** The members of {@code key} scored in {@code [min, max]} (Redis syntax), highest first, without scores. */
    static Op zrevrangeByScore(String key, String max, String min) {
        return op(pipeline -> pipeline.zrevrangeByScore(key, max, min), jedis -> jedis.zrevrangeByScore(key, max, min));
    }

    /**
     * The replies of {@code ops} as {@link #run}, but a WRONGTYPE reply fails too.
     *
     * @throws JedisDataException WRONGTYPE naming {@code what}
     */
    static List<Object> runAll(UnifiedJedis jedis, List<? extends Op> ops, String what) {
        List<Object> replies = run(jedis, ops);
        if (replies.contains(WRONG_TYPE)) {
            throw new JedisDataException("WRONGTYPE " + what + ": a key holds another Redis type");
        }
        return replies;
    }

    /** An op from what it queues on a pipeline and what it runs alone through the client: the same command. */
    private static Op op(Function<AbstractPipeline, Response<?>> queue,
                         Function<UnifiedJedis, Object> run) {
        return new Op() {
            @Override
            public Response<?> queue(AbstractPipeline pipeline) {
                return queue.apply(pipeline);
            }

            @Override
            public Object run(UnifiedJedis jedis) {
                return run.apply(jedis);
            }
        };
    }

    /** A script; NOSCRIPT in the pipeline makes it run alone, by EVALSHA falling back to EVAL. */
    static Op script(Script script, List<String> keys, List<String> args) {
        return op(pipeline -> script.queue(pipeline, keys, args), jedis -> script.eval(jedis, keys, args));
    }
}
