namespace :data do
  desc "Load the demo data"
  task seed_demo: :environment do
    if Rails.env.production?
      abort "not in production"
    end
    [1, 2].each do |i|
      puts i
    end
  end

  namespace :export do
    desc 'Export orders as CSV'
    task :orders, [:since] => :environment do |_t, args|
      puts args
    end
  end

  task("cleanup") { puts "clean" }
end

desc "Run every check"
task default: %i[test rubocop]
