// Which trials does the review cite for lung cancer, counting its subtypes
// (NSCLC, SCLC, lung adenocarcinoma) through the cancer-type hierarchy?
MATCH (d:Disease)-[:subclass_of*0..]->(:Disease {id: 'ici:lung_cancer'})
MATCH (t:ClinicalTrial)-[:studies]->(d)
RETURN d.name AS cancer_type, t.name AS trial, t.nct_id AS nct_id
ORDER BY cancer_type, trial
