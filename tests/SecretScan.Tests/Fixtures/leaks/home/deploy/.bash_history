ls -la
cd /srv/shop
git pull
export GITHUB_TOKEN=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
gh repo clone acme/shop-infra
psql "postgresql://postgres:bJfN3bfWVfEFl!Tb@10.0.3.12:5432/shop" -c 'select count(*) from orders'
export OPENAI_API_KEY=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
python scripts/backfill_embeddings.py --batch 500
git clone https://deploy-bot: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@github.com/acme/shop-infra.git
docker login -u acmeci -p dckr_pat_dNGZ_P_WvIwie0_elYADAMSzZTP
docker compose up -d
curl -H "Authorization: Bearer t5u0bOCh9f._dm0Y.3_INKQMSQcLLGxpvUUJRmgiZ1DvSJLL" https://api.shop.test/v1/admin/stats
history | grep curl
exit
