META
key;value
description;Made-up cumulative vote
country;Greece
unit;Test town
instance;2025
num_projects;3
num_votes;3
budget;500
vote_type;cumulative
max_sum_points;10
PROJECTS
project_id;cost;name
a;300;"The ""big"" one"
b;200;Small
c;250;Middle
VOTES
voter_id;sex;vote;points
v1;f;a,b;6,4
v2;m;c;10
v3;f;b,c;5,5
