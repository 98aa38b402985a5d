package shop.traps;

import org.springframework.beans.factory.annotation.Value;

/** Names, references and calls bound to credential-named keys: none of them is a secret. */
public final class IdentifierValues {
    private static final String PASSWORD_PROPERTY = "SHOP_DATASOURCE_PASSWORD";
    private static final String TOKEN_TYPE = "com.shop.auth.RefreshToken";
    private static final String API_KEY_HEADER_NAME = "X-Shop-Api-Key";
    private String secretKey = "nextRotationSecret";
    private String password = System.getenv("SHOP_DB_PASSWORD");
    private String clientSecret = config.getString("oauth.clientSecret");

    @Value("${shop.datasource.password}")
    private String datasourcePassword;

    @Value("#{environment['SHOP_API_TOKEN']}")
    private String apiToken;

    String describe() {
        String token = "AWS::Cognito::UserPoolClientSecret";
        String passwordPolicy = "v2.14.0";
        String secretOwner = "security-team@shop.test";
        return token + passwordPolicy + secretOwner;
    }
}
