import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Build check: {@code java PropertiesEqual.java A B} exits 0 when both files hold the same properties. */
public class PropertiesEqual {
    public static void main(String[] args) throws IOException {
        Properties a = load(args[0]);
        Properties b = load(args[1]);
        if (!a.equals(b)) {
            System.err.println(args[0] + " and " + args[1] + " differ");
            System.exit(1);
        }
    }

    private static Properties load(String file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = new FileInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }
}
