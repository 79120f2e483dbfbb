META
key;value
description;Made-up vote with ties
country;Greece
unit;Test town
instance;2025
num_projects;4
num_votes;5
budget;10000
vote_type;approval
rule;equalshares/add1
max_length;3
PROJECTS
project_id;cost;name;category
9;4000;Community garden;environment,education
10;4000;Repair café;"environment; circular economy"
2;3000;Bench;public space
11;6000;Cooperative kitchen;social economy
VOTES
voter_id;age;vote
1;34;9,10
2;51;10,9
3;23;2,11
4;none;11
5;44;2
