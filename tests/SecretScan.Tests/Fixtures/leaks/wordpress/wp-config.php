<?php
/** The base configuration for WordPress */
define( 'DB_NAME', 'wp_shopblog' );
define( 'DB_USER', 'wp_shopblog' );
define( 'DB_PASSWORD', 'HOAAvFILOYVaJNY_6-Yh' );
define( 'DB_HOST', 'mysql-prod.internal:3306' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

define( 'AUTH_KEY', 'aU_u,4v((fL[r{jYS(-_*H3fK?ASm6;G_.ruJk(Cj#3DU]F5(}NYdKTF^qJjYkAC' );
define( 'SECURE_AUTH_KEY', ',-A+Kh6eKXYdA6-|]5m+t]k;-6_;aol~39mY_zeXIzrat]#TcU91_AHntH}I:(dl' );
define( 'LOGGED_IN_KEY', ';om)UQ[+1XQ*dR=/h52;!KMU_NdC*c5B}(Urwh^w!VmeC4-j/)Fa/tR/sTsI8CpQ' );
define( 'NONCE_KEY', '(u[cv{tOjvQ,6J=4;!,[*:LN!;_wCutwK(9-1e7d|(d1{3FVQN5APUX+E*OGiq-0' );
define( 'AUTH_SALT', '?qsNy2yow]v1()Gv5,SqLH/9wO!1bOt7bn)%ebi7B/aoj_F7QN))Thity[S5LT5j' );
define( 'SECURE_AUTH_SALT', 'N4nQ]~Y9c8b}q6aN{Po:FZ;]_%D^(Ww-s}}6__CnK#wQdOS.8F~CMXy~#;3vd%fU' );
define( 'LOGGED_IN_SALT', 'xdmpc*D0!PoeSd!Lk(tF;!]*.)^(25qLjq3bjF%VM/jCe_sTY,HdjGN+T-zJbG/g' );
define( 'NONCE_SALT', 'm,;M?n7Vf.Q|kvf%hj.QPCo5eRVF6sc4{9ZX^.dX1!KJp6.VR]N.f{gb4e)|t=?Z' );

$table_prefix = 'wp_';
define( 'WP_DEBUG', false );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
