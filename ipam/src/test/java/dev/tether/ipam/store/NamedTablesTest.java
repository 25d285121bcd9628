package dev.tether.ipam.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.ipam.store.NamedTables.Column;
import dev.tether.ipam.store.NamedTables.Table;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/** Tables opened through MapDB's name catalog, without a DB, against files MapDB's own DB made and reads. */
class NamedTablesTest {
    @TempDir
    Path dir;

    private static final Table<String, String> NAMES = new Table<>("names", Column.STRING, Column.STRING);
    private static final Table<byte[], byte[]> BYTES = new Table<>("bytes", Column.BYTE_ARRAY, Column.BYTE_ARRAY);
    private static final List<Table<?, ?>> BOTH = List.of(NAMES, BYTES);

    private Path emptyStore() {
        Path file = dir.resolve("t.db");
        DB db = DBMaker.fileDB(file.toFile()).transactionEnable().make();
        db.commit();
        db.close();
        return file;
    }

    @Test
    void tablesItCreatesAreOnesMapDbsOwnDbOpensWithTheSameContents() {
        Path file = emptyStore();
        JournaledStore store = JournaledStore.open(file, 1000);
        try {
            NamedTables.Opened opened = NamedTables.openOrCreate(store.store(), BOTH);
            assertTrue(opened.created());
            NavigableMap<String, String> names = opened.get(NAMES);
            NavigableMap<byte[], byte[]> bytes = opened.get(BYTES);
            for (int i = 0; i < 100; i++) { // more than a node holds: the tree grows below its root
                names.put("key-" + i, "value-" + i);
            }
            bytes.put(new byte[] {1, 2}, new byte[] {3});
            store.commit();
        } finally {
            store.close();
        }

        DB db = DBMaker.fileDB(file.toFile()).transactionEnable().make();
        try {
            BTreeMap<String, String> names = db.treeMap("names", Serializer.STRING, Serializer.STRING).open();
            assertEquals(100, names.size());
            assertEquals("value-42", names.get("key-42"));
            BTreeMap<byte[], byte[]> bytes = db.treeMap("bytes", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).open();
            assertArrayEquals(new byte[] {3}, bytes.get(new byte[] {1, 2}));
        } finally {
            db.close();
        }
    }

    @Test
    void tablesMapDbsDbMadeOpenWithTheirContents() {
        Path file = dir.resolve("db.db");
        DB db = DBMaker.fileDB(file.toFile()).transactionEnable().make();
        db.treeMap("names", Serializer.STRING, Serializer.STRING).create().put("a", "b");
        db.treeMap("bytes", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).create();
        db.commit();
        db.close();

        JournaledStore store = JournaledStore.open(file, 1000);
        try {
            NamedTables.Opened opened = NamedTables.openOrCreate(store.store(), BOTH);
            assertFalse(opened.created());
            assertEquals(Map.of("a", "b"), opened.get(NAMES));
        } finally {
            store.close();
        }
    }

    @Test
    void aTableWithOtherSerializersOrOfAnotherKindIsRefused() {
        Path file = dir.resolve("other.db");
        DB db = DBMaker.fileDB(file.toFile()).transactionEnable().make();
        db.treeMap("names", Serializer.LONG, Serializer.STRING).create();
        db.hashMap("bytes", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).create();
        db.commit();
        db.close();

        JournaledStore store = JournaledStore.open(file, 1000);
        try {
            DBException.WrongConfiguration keys = assertThrows(DBException.WrongConfiguration.class,
                    () -> NamedTables.openOrCreate(store.store(), List.of(NAMES)));
            assertTrue(keys.getMessage().contains("names#keySerializer is org.mapdb.Serializer#LONG"), keys.getMessage());
            DBException.WrongConfiguration kind = assertThrows(DBException.WrongConfiguration.class,
                    () -> NamedTables.openOrCreate(store.store(), List.of(BYTES)));
            assertTrue(kind.getMessage().contains("'bytes' is a HashMap"), kind.getMessage());
        } finally {
            store.close();
        }
    }
}
