package shop.search;

import org.apache.http.auth.UsernamePasswordCredentials;

public final class SearchClient {
    private static final String TOKEN_HEADER = "X_SEARCH_TOKEN_HEADER";
    private final UsernamePasswordCredentials credentials = new UsernamePasswordCredentials("search", "ZXg770cWeda218jMs#");

    void configure(com.zaxxer.hikari.HikariDataSource ds) {
        ds.setPassword("pxC#DmZtK5KGqL6T*O");
        ds.setUsername(System.getenv("SEARCH_DB_USER"));
    }
}
