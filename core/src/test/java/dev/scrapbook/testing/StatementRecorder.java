package dev.scrapbook.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A DataSource that records every prepared statement run through it, its SQL and its parameters exactly as the code
 * under test bound them, so that a test can ask PostgreSQL how it plans the very statements the code sends
 * (EXPLAIN with the same bound values), rather than a copy of their SQL that could drift.
 */
public final class StatementRecorder {

    /** A statement as it was run: its SQL with {@code ?} placeholders and the setter calls that bound them. */
    public record Statement(String sql, List<Binding> bindings) {

        private void bind(PreparedStatement target) throws SQLException {
            for (Binding binding : bindings) {
                binding.applyTo(target);
            }
        }

        /** The bound values as SQL literals, in placeholder order, for an EXECUTE. */
        private String literals() {
            SortedMap<Integer, String> byIndex = new TreeMap<>();
            for (Binding binding : bindings) {
                byIndex.put((Integer) binding.args()[0], binding.literal());
            }
            return String.join(", ", byIndex.values());
        }
    }

    /** One {@code PreparedStatement.setXxx(index, ...)} call. */
    public record Binding(Method setter, Object[] args) {

        /** The value as an SQL literal of unknown type, which PostgreSQL casts to the parameter's type. */
        private String literal() {
            Object value = setter.getName().equals("setNull") ? null : args[1];
            if (value == null) {
                return "null";
            }
            String text = value instanceof Object[] array
                    ? "{" + String.join(",", Arrays.stream(array).map(String::valueOf).toList()) + "}"
                    : value.toString();
            return "'" + text.replace("'", "''") + "'";
        }

        private void applyTo(PreparedStatement target) throws SQLException {
            try {
                setter.invoke(target, args);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate");

    private final DataSource target;
    private final List<Statement> recorded = new CopyOnWriteArrayList<>();

    public StatementRecorder(DataSource target) {
        this.target = target;
    }

    /** The DataSource to give the code under test. */
    public DataSource dataSource() {
        return proxy(DataSource.class, (self, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection connection ? recording(connection) : result;
        });
    }

    /** The statements run since the last call, oldest first. */
    public List<Statement> take() {
        List<Statement> taken = List.copyOf(recorded);
        recorded.clear();
        return taken;
    }

    /** {@code EXPLAIN (FORMAT JSON)} of the statement with its own values: the plan made for those values. */
    public JsonNode plan(Statement statement) throws SQLException {
        try (Connection connection = target.getConnection();
             PreparedStatement explain = connection.prepareStatement("explain (format json) " + statement.sql())) {
            statement.bind(explain);
            return only(explain);
        }
    }

    /**
     * The generic plan PostgreSQL would settle on for the statement once prepared and run often (pgjdbc prepares a
     * statement on the server after 5 runs; PostgreSQL then plans it once for any values when that looks no costlier),
     * forced with {@code plan_cache_mode}; the values, as literals, only fill the EXECUTE (EXPLAIN EXECUTE takes no
     * bound parameters).
     */
    public JsonNode genericPlan(Statement statement) throws SQLException {
        try (Connection connection = target.getConnection(); java.sql.Statement session = connection.createStatement()) {
            session.execute("prepare plan_check as " + positional(statement.sql()));
            try {
                session.execute("set plan_cache_mode = force_generic_plan");
                try (PreparedStatement explain = connection.prepareStatement(
                        "explain (format json) execute plan_check(" + statement.literals() + ")")) {
                    return only(explain);
                }
            } finally {
                session.execute("deallocate plan_check");
                session.execute("reset plan_cache_mode");
            }
        }
    }

    /** Every node of a plan (and of its sub-plans) that reads {@code relation} sequentially. */
    public static List<String> sequentialScans(JsonNode plan, String relation) {
        List<String> found = new ArrayList<>();
        collect(plan, relation, found);
        return found;
    }

    private static void collect(JsonNode node, String relation, List<String> found) {
        if (node.path("Node Type").asText().equals("Seq Scan") && node.path("Relation Name").asText().equals(relation)) {
            found.add(node.toString());
        }
        node.elements().forEachRemaining(child -> collect(child, relation, found));
    }

    /** The names of the indexes a plan reads, by any kind of index scan. */
    public static Set<String> indexesRead(JsonNode plan) {
        Set<String> names = new TreeSet<>();
        if (plan.has("Index Name")) {
            names.add(plan.get("Index Name").asText());
        }
        plan.elements().forEachRemaining(child -> names.addAll(indexesRead(child)));
        return names;
    }

    private static JsonNode only(PreparedStatement explain) throws SQLException {
        try (ResultSet rows = explain.executeQuery()) {
            rows.next();
            return JSON.readTree(rows.getString(1));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ?} placeholders as PREPARE wants them: $1, $2, ... (no {@code ?} inside the literals of our SQL). */
    private static String positional(String sql) {
        StringBuilder out = new StringBuilder();
        int next = 1;
        boolean quoted = false;
        for (char c : sql.toCharArray()) {
            quoted ^= c == '\'';
            if (c == '?' && !quoted) {
                out.append('$').append(next++);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private Connection recording(Connection connection) {
        return proxy(Connection.class, (self, method, args) -> {
            Object result = invoke(connection, method, args);
            if (result instanceof PreparedStatement prepared && method.getName().equals("prepareStatement")) {
                return recording(prepared, (String) args[0]);
            }
            return result;
        });
    }

    private PreparedStatement recording(PreparedStatement prepared, String sql) {
        List<Binding> bindings = new ArrayList<>();
        return proxy(PreparedStatement.class, (self, method, args) -> {
            if (method.getName().startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer) {
                bindings.add(new Binding(method, args.clone()));
            } else if (method.getName().equals("clearParameters")) {
                bindings.clear();
            } else if (EXECUTES.contains(method.getName()) && (args == null || args.length == 0)) {
                recorded.add(new Statement(sql, List.copyOf(bindings)));
            }
            return invoke(prepared, method, args);
        });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(StatementRecorder.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
