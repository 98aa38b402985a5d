<?php
// Legacy shop database access, kept for the old admin pages.
define('SHOP_DB_PASSWORD', 'Mp+GtFjpR0n#7eGH#~');
$config = [
    'host' => 'legacy-db.internal',
    'user' => 'shop',
    'account_key' => 'rTL594IeBldm4Qw0L5WAXCvLjDtdU6HYIRsfRB3E',
];
$link = mysqli_connect('legacy-db.internal', 'shop', '6Z0A^M*N~kScbq0r^m');
$password = getenv('SHOP_DB_PASSWORD');
