package dev.tether.ipam.store;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.mapdb.BTreeMap;
import org.mapdb.CC;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;
import org.mapdb.Serializer;
import org.mapdb.Store;
import org.mapdb.serializer.GroupSerializer;

/**
 * Opens a store's tree maps through MapDB's name catalog (the store's first record, kept as
 * MapDB's {@code DB} keeps it) without making a {@code DB}: a DB's constructor builds an Elsa
 * object serializer, reflects over all of MapDB's serializer constants and makes a Guava cache,
 * none of which these tables use, and it decodes the whole catalog again for each table opened
 * (~9 ms of an exec'd call, on its critical path). Tables the catalog lacks are created through
 * a DB on the same store, so the file stays one that MapDB's DB opens.
 */
final class NamedTables {
    private NamedTables() {}

    /** A table: its name in the catalog and the columns of its keys and values. */
    record Table<K, V>(String name, Column<K> keys, Column<V> values) {}

    /**
     * A serializer of keys or values, and the name MapDB's catalog records for it: the constant's
     * name in {@link Serializer} ("org.mapdb.Serializer#STRING"), or none for one of Tether's.
     */
    record Column<T>(GroupSerializer<T> serializer, String catalogName) {
        static final Column<String> STRING = new Column<>(Serializer.STRING, "org.mapdb.Serializer#STRING");
        static final Column<byte[]> BYTE_ARRAY = new Column<>(Serializer.BYTE_ARRAY, "org.mapdb.Serializer#BYTE_ARRAY");

        static <T> Column<T> unnamed(GroupSerializer<T> serializer) {
            return new Column<>(serializer, null);
        }
    }

    /** What MapDB's DB records for a tree map, under "name#key". */
    private static final String TYPE = "#type";
    private static final String TREE_MAP = "TreeMap";
    private static final String KEY_SERIALIZER = "#keySerializer";
    private static final String VALUE_SERIALIZER = "#valueSerializer";
    private static final String VALUE_INLINE = "#valueInline";
    private static final String ROOT_RECID_RECID = "#rootRecidRecid";
    private static final String COUNTER_RECID = "#counterRecid";
    private static final String MAX_NODE_SIZE = "#maxNodeSize";

    /**
     * The tables opened, by name; {@code created}: some were created first (uncommitted). Keyed
     * by name, not by {@link Table}: a record's generated hashCode is linked at its first call
     * through ObjectMethods, which spins classes at run time (~10 ms of an exec'd call, on its
     * critical path; an AOT cache does not keep them).
     */
    record Opened(Map<String, BTreeMap<?, ?>> maps, boolean created) {
        /** The map of {@code table}, one of those opened. */
        @SuppressWarnings("unchecked") // open(store, catalog, table) made it with the table's serializers
        <K, V> BTreeMap<K, V> get(Table<K, V> table) {
            BTreeMap<?, ?> map = maps.get(table.name());
            if (map == null) {
                throw new IllegalArgumentException("table " + table.name() + " was not opened");
            }
            return (BTreeMap<K, V>) map;
        }
    }

    /**
     * Opens the tables from one read of the catalog, creating first, as MapDB's DB does and
     * uncommitted, those it lacks (a new store, or one of an older version).
     *
     * @throws DBException.WrongConfiguration the catalog records another kind of collection or
     *     other serializers for a table than {@code tables} name
     */
    static Opened openOrCreate(Store store, List<Table<?, ?>> tables) {
        SortedMap<String, String> catalog = catalog(store);
        boolean missing = tables.stream().anyMatch(table -> !catalog.containsKey(table.name() + TYPE));
        if (missing) {
            createMissing(store, tables);
            return new Opened(open(store, catalog(store), tables), true);
        }
        return new Opened(open(store, catalog, tables), false);
    }

    /**
     * Creates the tables through a DB on {@code store}, which only writes through it: it is
     * dropped, not closed (closing it would close the store).
     */
    private static void createMissing(Store store, List<Table<?, ?>> tables) {
        DB db = new DB(store, true, true, ClassLoader.getSystemClassLoader(), 0);
        for (Table<?, ?> table : tables) {
            db.treeMap(table.name(), table.keys().serializer(), table.values().serializer()).createOrOpen();
        }
    }

    private static Map<String, BTreeMap<?, ?>> open(Store store, SortedMap<String, String> catalog,
                                                    List<Table<?, ?>> tables) {
        Map<String, BTreeMap<?, ?>> maps = new HashMap<>();
        for (Table<?, ?> table : tables) {
            maps.put(table.name(), open(store, catalog, table));
        }
        return maps;
    }

    private static <K, V> BTreeMap<K, V> open(Store store, SortedMap<String, String> catalog, Table<K, V> table) {
        String name = table.name();
        String type = catalog.get(name + TYPE);
        if (!TREE_MAP.equals(type)) {
            throw new DBException.WrongConfiguration("'" + name + "' is " + (type == null ? "missing" : "a " + type)
                    + ", not a tree map");
        }
        expectSerializer(catalog, name + KEY_SERIALIZER, table.keys());
        expectSerializer(catalog, name + VALUE_SERIALIZER, table.values());
        GroupSerializer<K> keys = table.keys().serializer();
        return new BTreeMap<>(keys, table.values().serializer(), number(catalog, name + ROOT_RECID_RECID), store,
                Boolean.parseBoolean(catalog.getOrDefault(name + VALUE_INLINE, "true")),
                (int) number(catalog, name + MAX_NODE_SIZE), keys, true, number(catalog, name + COUNTER_RECID), true,
                null);
    }

    private static void expectSerializer(SortedMap<String, String> catalog, String key, Column<?> column) {
        String recorded = catalog.get(key);
        if (recorded != null && !recorded.equals(column.catalogName())) {
            throw new DBException.WrongConfiguration(key + " is " + recorded + ", expected "
                    + (column.catalogName() == null ? "none" : column.catalogName()));
        }
    }

    private static long number(SortedMap<String, String> catalog, String key) {
        String value = catalog.get(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new DBException.WrongConfiguration(key + " is " + (value == null ? "missing" : "'" + value + "'"));
        }
    }

    private static SortedMap<String, String> catalog(Store store) {
        SortedMap<String, String> catalog = store.get(CC.RECID_NAME_CATALOG, CatalogSerializer.INSTANCE);
        if (catalog == null) {
            throw new DBException.WrongConfiguration("the store has no name catalog");
        }
        return catalog;
    }

    /** The catalog record's format: a packed count, then each name and value in modified UTF-8. */
    private static final class CatalogSerializer implements Serializer<SortedMap<String, String>> {
        static final CatalogSerializer INSTANCE = new CatalogSerializer();

        @Override
        public void serialize(DataOutput2 out, SortedMap<String, String> catalog) throws IOException {
            out.packInt(catalog.size());
            for (var entry : catalog.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeUTF(entry.getValue());
            }
        }

        @Override
        public SortedMap<String, String> deserialize(DataInput2 in, int available) throws IOException {
            int size = in.unpackInt();
            SortedMap<String, String> catalog = new TreeMap<>();
            for (int i = 0; i < size; i++) {
                catalog.put(in.readUTF(), in.readUTF());
            }
            return catalog;
        }
    }
}
